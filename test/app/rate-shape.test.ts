import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { writeCleanLearners } from '../e2e/helpers';

/**
 * In the app, against a OneFile counting its rate limit as a token bucket (3 at once, no
 * Retry-After; test/reliability/rate-shape.test.ts has the command line): the import
 * completes and its end says what was found, as the command line's does.
 */

let dataDir: string;
let service: AppService;
const upload = (filePath: string) => ({ fileName: path.basename(filePath), contentBase64: readFileSync(filePath).toString('base64') });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-rate-shape-'));
  service = await createAppService({
    dataDir,
    face: 'browser',
    tokenStore: createSessionTokenStore('session only'),
    budgetPerMinute: 100,
    windowMs: 3_000,
    sandboxSwitches: { rateShape: 'bucket', rateBurst: 3, retryAfter: false },
  });
  await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await service.handlers.chooseOrganisation({ organisationId: 5740 });
  await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
});

afterAll(async () => {
  await service?.close();
});

describe('a OneFile refusing bursts, in the app', () => {
  it('the import completes and its end says calls are now paced evenly', async () => {
    await service.handlers.checkReferences({ refresh: false });
    await service.handlers.planImport({ skipInvalid: false });
    const ended = new Promise<{ state: string; message: string | null }>((resolve) =>
      service.on('run-state', (event) => {
        if (event.state === 'completed' || event.state === 'failed') resolve({ state: event.state, message: event.message ?? null });
      }),
    );
    await service.handlers.startRun({});
    const end = await ended;
    expect(end.state).toBe('completed');
    expect(end.message).toContain('OneFile refused a burst of calls its minute had room for, so calls to it are now sent evenly spaced');
  }, 60_000);
});
