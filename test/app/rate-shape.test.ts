import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppService } from '../../main/service/app-service';
import { writeCleanLearners } from '../e2e/helpers';
import { connectedService, runToEnd, upload } from './connected-service';

/**
 * In the app, against a OneFile counting its rate limit as a token bucket (3 at once, no
 * Retry-After; test/reliability/rate-shape.test.ts has the command line): the import
 * completes and its end says what was found, as the command line's does.
 */

let service: AppService;

beforeAll(async () => {
  let dataDir: string;
  ({ service, dataDir } = await connectedService('onefile-rate-shape-', { windowMs: 3_000, sandboxSwitches: { rateShape: 'bucket', rateBurst: 3, retryAfter: false } }));
  await service.handlers.openFile(upload(writeCleanLearners(path.join(dataDir, 'mis'))));
});

afterAll(async () => {
  await service?.close();
});

describe('a OneFile refusing bursts, in the app', () => {
  it('the import completes and its end says calls are now paced evenly', async () => {
    await service.handlers.checkReferences({ refresh: false });
    await service.handlers.planImport({ skipInvalid: false });
    const end = await runToEnd(service);
    expect(end.state).toBe('completed');
    expect(end.message).toContain('OneFile refused a burst of calls its minute had room for, so calls to it are now sent evenly spaced');
  }, 60_000);
});
