import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';

/**
 * The read notices are said only where the reader had a real choice: a title line
 * skipped above the header is no rival to it, a file where no row looks like a header
 * is; a Windows-1252 file says how it was read (the app shows these on Map and Review
 * too, so a file that skips Load still hears them).
 */

let dataDir: string;
let service: AppService;

function upload(name: string, bytes: Buffer | string) {
  const file = path.join(dataDir, name);
  writeFileSync(file, bytes);
  return { fileName: name, contentBase64: Buffer.from(bytes).toString('base64') };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-notices-'));
  service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only') });
});

afterAll(async () => {
  await service?.close();
});

describe('read notices', () => {
  it('do not warn about the header row when the only other candidate is a title line', async () => {
    const view = await service.handlers.openFile(
      upload('titled.csv', 'Learners export,,\nGenerated 01/09/2025,,\n,,\nFirst name,Last name,Email\nSiân,Jones,sian@example.com\nZoë,Smith,zoe@example.com\n'),
    );
    expect(view).toMatchObject({ headerRow: 4, headerRowUncertain: false });
    // The first row is still offered in the picker, for a user who knows better.
    expect(view.headerCandidates.map((c) => c.row)).toContain(1);
  });

  it('warn when no row looks like a header and one was taken as it', async () => {
    const view = await service.handlers.openFile(upload('numbers.csv', '1,2,3\n4,5,6\n7,8,9\n'));
    expect(view.headerRowUncertain).toBe(true);
    expect(view.warnings.join(' ')).toMatch(/No row looks like a header row/);
  });

  it('say that a file which is not UTF-8 was read as Windows-1252', async () => {
    const view = await service.handlers.openFile(upload('mis-export.csv', iconv.encode('First name,Last name,Email\nZoë,Ñúñez,zoe@example.com\n', 'windows-1252')));
    expect(view.encoding).toBe('windows-1252');
    expect(view.warnings.join(' ')).toMatch(/read as Windows-1252/);
    expect(view.headerRowUncertain).toBe(false);
  });
});
