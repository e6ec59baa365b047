import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHost, type RunningHost } from '../../main/host/host-server';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { postUpload } from './upload-client';

/** Browser mode's upload onto a full disk: the copy kept while the file is imported cannot be written; said in words. */
vi.mock('../../main/private-files', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../main/private-files')>();
  return {
    ...actual,
    writePrivateFileStreamed: async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    },
  };
});

const KEY = 'upload-disk-full-key';
const examples = path.resolve(__dirname, '../../examples');
const open: Array<{ host: RunningHost; service: AppService }> = [];
afterEach(async () => {
  for (const { host, service } of open.splice(0)) {
    await host.close();
    await service.close();
  }
});

describe('browser mode: an upload onto a full disk', () => {
  it('is refused in words, saying what to do, with no system error', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onefile-upload-full-'));
    const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onefile-renderer-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session') });
    const host = await startHost({ runtime: service, rendererDir, secret: KEY });
    open.push({ host, service });
    const answer = await postUpload({ port: host.port, key: KEY, fileName: 'learners.xlsx', body: fs.readFileSync(path.join(examples, 'learners.xlsx')) });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toBe(
      "The disk is full: the copy of the file kept while it is imported could not be written. Free some space on the disk that holds the importer's data, then drop the file again.",
    );
  });
});
