import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeUploadHosts, postUpload, startUploadHost } from './upload-client';

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
afterEach(closeUploadHosts);

describe('browser mode: an upload onto a full disk', () => {
  it('is refused in words, saying what to do, with no system error', async () => {
    const { port } = await startUploadHost(KEY);
    const answer = await postUpload({ port, key: KEY, fileName: 'learners.xlsx', body: fs.readFileSync(path.join(examples, 'learners.xlsx')) });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toBe(
      "The disk is full: the copy of the file kept while it is imported could not be written. Free some space on the disk that holds the importer's data, then drop the file again.",
    );
  });
});
