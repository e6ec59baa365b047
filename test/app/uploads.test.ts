import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createUploadGate,
  discardUploadedCopy,
  isUploadedCopy,
  onDiskName,
  saveUploadedBytes,
  saveUploadedStream,
  sweepUploadedCopies,
  uploadDisplayName,
  uploadsDir,
  UploadError,
} from '../../main/service/uploads';

const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'uploads-'));
const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** A body of `total` bytes made as it is read, a chunk at a time: never held whole. */
function generated(total: number, chunk = 64 * 1024): Readable {
  let sent = 0;
  const block = Buffer.alloc(chunk, 0x41);
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(chunk, total - sent);
      sent += size;
      this.push(size === chunk ? block : block.subarray(0, size));
    },
  });
}

describe('an uploaded file’s name', () => {
  it('is kept as the user named it, accents and spaces and all, without any folder', () => {
    expect(uploadDisplayName('Élodie’s learners – week 12.xlsx')).toBe('Élodie’s learners – week 12.xlsx');
    expect(uploadDisplayName('C:\\fakepath\\Zoë Brontë.csv')).toBe('Zoë Brontë.csv');
    expect(uploadDisplayName('../../etc/learners.csv')).toBe('learners.csv');
  });

  it('refuses ".", ".." and an empty name with words, never a path or a raw system error', () => {
    for (const bad of ['.', '..', '', '   ', 'folder/', 'a/..']) {
      const error = (() => {
        try {
          uploadDisplayName(bad);
        } catch (caught) {
          return caught as UploadError;
        }
        return null;
      })();
      expect(error, bad).toBeInstanceOf(UploadError);
      expect(error!.problem).toBe('bad-name');
      expect(error!.message).toMatch(/is not a file name\. Choose the spreadsheet itself/);
      expect(error!.message).not.toMatch(/EISDIR|\/tmp|uploads/);
    }
  });

  it('is made safe only on disk: letters of any alphabet kept, marks that mean something to a file system replaced, never hidden', () => {
    expect(onDiskName('Élodie’s learners – week 12.xlsx')).toBe('Élodie_s learners _ week 12.xlsx');
    expect(onDiskName('.hidden.csv')).toBe('hidden.csv');
    expect(onDiskName('***.csv')).toBe('spreadsheet.csv');
    expect(onDiskName(`${'x'.repeat(300)}.XLSX`)).toBe(`${'x'.repeat(100)}.xlsx`);
  });
});

describe('uploaded copies in the data folder', () => {
  it('are 0600 in a 0700 folder of their own, and show the user’s own name', async () => {
    const dataDir = temp();
    const saved = await saveUploadedStream(dataDir, 'Zoë’s learners.csv', Readable.from([Buffer.from('Learner Ref\nA1\n')]));
    expect(saved.displayName).toBe('Zoë’s learners.csv');
    expect(path.basename(saved.path)).toBe('Zoë_s learners.csv');
    expect(fs.readFileSync(saved.path, 'utf8')).toBe('Learner Ref\nA1\n');
    expect(mode(saved.path)).toBe(0o600);
    expect(mode(path.dirname(saved.path))).toBe(0o700);
    expect(mode(uploadsDir(dataDir))).toBe(0o700);
    expect(isUploadedCopy(dataDir, saved.path)).toBe(true);
    expect(isUploadedCopy(dataDir, path.join(dataDir, 'runs', 'x.csv'))).toBe(false);
  });

  it('stop at the limit when a body is bigger than it said (or said nothing), and leave nothing behind', async () => {
    const dataDir = temp();
    const limit = 1024 * 1024;
    const refused = await saveUploadedStream(dataDir, 'big.csv', generated(3 * limit), limit).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UploadError);
    expect((refused as UploadError).problem).toBe('too-large');
    expect((refused as UploadError).message).toBe(
      'big.csv is larger than the 1 MB the app accepts by upload. Import it with the command line (onefile-import import), or split it into smaller files.',
    );
    expect(fs.readdirSync(uploadsDir(dataDir))).toEqual([]);
    const exact = await saveUploadedStream(dataDir, 'exact.csv', generated(limit), limit);
    expect(fs.statSync(exact.path).size).toBe(limit);
  });

  it('refuse an empty file, and too large a file held in memory (the desktop window’s drop)', async () => {
    const dataDir = temp();
    await expect(saveUploadedStream(dataDir, 'empty.csv', Readable.from([]))).rejects.toThrow('empty.csv is empty: there is nothing to import.');
    await expect(saveUploadedBytes(dataDir, 'empty.csv', new Uint8Array())).rejects.toThrow('empty.csv is empty');
    await expect(saveUploadedBytes(dataDir, 'big.csv', new Uint8Array(2 * 1024 * 1024), 1024 * 1024)).rejects.toThrow(
      'big.csv is 2 MB, more than the 1 MB the app accepts by upload.',
    );
    expect(fs.readdirSync(uploadsDir(dataDir))).toEqual([]);
  });

  it('are received one at a time: a second upload meanwhile is refused in words', async () => {
    const gate = createUploadGate();
    let finishFirst!: () => void;
    const first = gate.hold(() => new Promise<string>((resolve) => (finishFirst = () => resolve('first'))));
    await expect(gate.hold(async () => 'second')).rejects.toThrow('Another file is being uploaded. Wait for it to finish, then try again.');
    finishFirst();
    expect(await first).toBe('first');
    expect(await gate.hold(async () => 'third')).toBe('third');
  });

  it('are deleted after the retention period at the latest (with anything half-received), younger ones kept', async () => {
    const dataDir = temp();
    const old = await saveUploadedBytes(dataDir, 'old.csv', Buffer.from('a\n'));
    const young = await saveUploadedBytes(dataDir, 'young.csv', Buffer.from('b\n'));
    fs.writeFileSync(path.join(uploadsDir(dataDir), '.half.csv.123.abcd.tmp'), 'half');
    const now = new Date();
    const eightDaysAgo = new Date(now.getTime() - 8 * 24 * 60 * 60 * 1000);
    fs.utimesSync(path.dirname(old.path), eightDaysAgo, eightDaysAgo);
    expect(sweepUploadedCopies(dataDir, 7, now)).toBe(2);
    expect(fs.existsSync(old.path)).toBe(false);
    expect(fs.existsSync(young.path)).toBe(true);
    expect(discardUploadedCopy(dataDir, young.path)).toBe(true);
    expect(fs.readdirSync(uploadsDir(dataDir))).toEqual([]);
    // Only copies: a file elsewhere is never deleted this way.
    const elsewhere = path.join(dataDir, 'mine.csv');
    fs.writeFileSync(elsewhere, 'x');
    expect(discardUploadedCopy(dataDir, elsewhere)).toBe(false);
    expect(fs.existsSync(elsewhere)).toBe(true);
  });
});
