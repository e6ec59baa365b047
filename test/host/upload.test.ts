import * as fs from 'node:fs';
import { request } from 'node:http';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_HEADER } from '../../main/host/request-guards';
import { uploadsDir } from '../../main/service/uploads';
import { closeUploadHosts, generatedBody, postUpload, startUploadHost } from './upload-client';

/**
 * Browser mode's upload, end to end through the real host and service: the file's
 * own name kept, the copy private, names that are no file refused in words, one
 * upload at a time, and an over-size body answered 413 (declared or not).
 */

const KEY = 'upload-test-key';
const examples = path.resolve(__dirname, '../../examples');
afterEach(closeUploadHosts);

const start = (maxUploadBytes?: number) => startUploadHost(KEY, maxUploadBytes);

const uploadedCopies = (dataDir: string) => (fs.existsSync(uploadsDir(dataDir)) ? fs.readdirSync(uploadsDir(dataDir)) : []);

describe('browser mode: uploading a spreadsheet', () => {
  it('keeps the file’s own name (accents, spaces) for the user, and the copy readable by the user only', async () => {
    const { port, service, dataDir } = await start();
    const answer = await postUpload({ port, key: KEY, fileName: 'Élodie’s learners – week 12.xlsx', body: fs.readFileSync(path.join(examples, 'learners.xlsx')) });
    expect(answer.status).toBe(200);
    expect(answer.body.value).toMatchObject({ name: 'Élodie’s learners – week 12.xlsx', format: 'xlsx', rows: 25 });
    const state = await service.handlers.getState({});
    expect(state.file?.name).toBe('Élodie’s learners – week 12.xlsx');
    expect(state.recentFiles[0]).toMatchObject({ name: 'Élodie’s learners – week 12.xlsx', folder: 'uploaded in the browser' });
    const [folder] = uploadedCopies(dataDir);
    const [copy] = fs.readdirSync(path.join(uploadsDir(dataDir), folder));
    expect(copy).toBe('Élodie_s learners _ week 12.xlsx');
    expect(fs.statSync(path.join(uploadsDir(dataDir), folder, copy)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(uploadsDir(dataDir), folder)).mode & 0o777).toBe(0o700);
  });

  it('refuses ".", ".." and an empty name in words, showing no path and no system error', async () => {
    const { port, dataDir } = await start();
    for (const name of ['.', '..', '']) {
      const answer = await postUpload({ port, key: KEY, fileName: name, body: Buffer.from('Learner Ref\nA1\n') });
      expect(answer.status, name).toBe(400);
      expect(answer.body.error.message).toBe(`"${name}" is not a file name. Choose the spreadsheet itself (a .xlsx, .csv, .tsv or .txt file).`);
      expect(JSON.stringify(answer.body)).not.toMatch(/EISDIR|onefile-upload|uploads/);
    }
    expect(uploadedCopies(dataDir)).toEqual([]);
  });

  it('takes one upload at a time: a second one meanwhile is told to wait, and the first still arrives', async () => {
    const { port, dataDir } = await start();
    const file = fs.readFileSync(path.join(examples, 'learners.csv'));
    const { PassThrough } = await import('node:stream');
    const slow = new PassThrough();
    const first = postUpload({ port, key: KEY, fileName: 'first.csv', body: slow, declaredLength: file.length });
    slow.write(file.subarray(0, 100));
    // Wait for the server to be receiving the first (its copy's folder exists).
    while (uploadedCopies(dataDir).length === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = await postUpload({ port, key: KEY, fileName: 'second.csv', body: file });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe('Another file is being uploaded. Wait for it to finish, then try again.');
    slow.end(file.subarray(100));
    const answer = await first;
    expect(answer.status).toBe(200);
    expect(answer.body.value).toMatchObject({ name: 'first.csv', rows: 25 });
    expect(uploadedCopies(dataDir)).toHaveLength(1);
  });

  it('answers 413 with words for an over-size file, by its declared length before reading it, or when a body with no length passes the limit', async () => {
    const limit = 1024 * 1024;
    const { port, dataDir } = await start(limit);
    const declared = await postUpload({ port, key: KEY, fileName: 'Big export.csv', body: generatedBody(3 * limit), declaredLength: 3 * limit });
    expect(declared.status).toBe(413);
    expect(declared.body.error.message).toBe(
      'Big export.csv is 3 MB, more than the 1 MB the app accepts by upload. Import it with the command line (onefile-import import), or split it into smaller files.',
    );
    const chunked = await postUpload({ port, key: KEY, fileName: 'Big export.csv', body: generatedBody(3 * limit), declaredLength: null });
    expect(chunked.status).toBe(413);
    expect(chunked.body.error.message).toMatch(/^Big export\.csv is larger than the 1 MB the app accepts by upload\./);
    expect(uploadedCopies(dataDir)).toEqual([]);
    // The session is not stuck: the next upload goes in.
    const next = await postUpload({ port, key: KEY, fileName: 'learners.csv', body: fs.readFileSync(path.join(examples, 'learners.csv')) });
    expect(next.status).toBe(200);
  });

  it('deletes a copy it cannot read, and says why', async () => {
    const { port, dataDir } = await start();
    const answer = await postUpload({ port, key: KEY, fileName: 'Zoë’s notes.xlsx', body: Buffer.from('this is not a workbook') });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toMatch(/^Zoë’s notes\.xlsx: The file is named like an Excel workbook but holds plain text\./);
    expect(uploadedCopies(dataDir)).toEqual([]);
  });

  it('answers an over-size JSON call with 413 in words rather than cutting it off', async () => {
    const { host } = await start();
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: '/api/getState',
          headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', [SECRET_HEADER]: KEY, 'content-length': String(2 * 1024 * 1024) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      generatedBody(2 * 1024 * 1024, 0x20).pipe(req);
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toBe('getState: the request is larger than the app accepts (1 MB of JSON).');
  });
});
