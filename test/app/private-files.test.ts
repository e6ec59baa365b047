import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePrivateFolder, openPrivateAppendSync, writePrivateFile, writePrivateFileStreamed, writePrivateFileSync } from '../../main/private-files';
import { tokenFileAt } from '../../main/service/token-store';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'private-files-'));

describe('files that may hold personal data', () => {
  it('are written whole, 0600, with no temporary file left, even over a file that was readable by everyone', async () => {
    const dir = temp();
    const file = path.join(dir, 'learners.json');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    writePrivateFileSync(file, 'Zoë');
    expect(fs.readFileSync(file, 'utf8')).toBe('Zoë');
    expect(mode(file)).toBe(0o600);
    await writePrivateFile(file, 'Ann');
    expect(fs.readFileSync(file, 'utf8')).toBe('Ann');
    expect(mode(file)).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['learners.json']);
  });

  it('streamed, leave the old file untouched and no temporary file when the writer fails', async () => {
    const dir = temp();
    const file = path.join(dir, 'report.xlsx');
    await writePrivateFileStreamed(file, async (out) => {
      out.write('first ');
      out.end('version');
    });
    expect(fs.readFileSync(file, 'utf8')).toBe('first version');
    expect(mode(file)).toBe(0o600);
    await expect(
      writePrivateFileStreamed(file, async (out) => {
        out.write('half of');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(fs.readFileSync(file, 'utf8')).toBe('first version');
    expect(fs.readdirSync(dir)).toEqual(['report.xlsx']);
  });

  it('appended to, are created 0600 and tightened when they existed with looser modes', () => {
    const dir = temp();
    const fresh = path.join(dir, 'journal.jsonl');
    fs.closeSync(openPrivateAppendSync(fresh));
    expect(mode(fresh)).toBe(0o600);
    const old = path.join(dir, 'old.jsonl');
    fs.writeFileSync(old, 'line\n');
    fs.chmodSync(old, 0o644);
    const fd = openPrivateAppendSync(old, 'a+');
    fs.writeSync(fd, 'more\n');
    fs.closeSync(fd);
    expect(mode(old)).toBe(0o600);
    expect(fs.readFileSync(old, 'utf8')).toBe('line\nmore\n');
  });

  it('live in folders created 0700 (parents too); an existing folder of ours is tightened, a folder the user chose is not', () => {
    const dir = temp();
    const deep = path.join(dir, 'data', 'runs', 'one');
    ensurePrivateFolder(deep);
    expect([mode(path.join(dir, 'data')), mode(path.join(dir, 'data', 'runs')), mode(deep)]).toEqual([0o700, 0o700, 0o700]);
    const loose = path.join(dir, 'loose');
    fs.mkdirSync(loose, { mode: 0o755 });
    fs.chmodSync(loose, 0o755);
    ensurePrivateFolder(loose);
    expect(mode(loose)).toBe(0o700);
    const chosen = path.join(dir, 'shared-reports');
    fs.mkdirSync(chosen);
    fs.chmodSync(chosen, 0o775);
    ensurePrivateFolder(chosen, { tighten: false });
    expect(mode(chosen)).toBe(0o775);
  });
});

describe('tokens.json', () => {
  it('is replaced atomically and 0600, so a crash mid-write never forgets the tokens already remembered', async () => {
    const dir = temp();
    const file = path.join(dir, 'tokens.json');
    const store = tokenFileAt(file);
    expect(await store.read()).toBeNull();
    await store.write('{"sandbox":"ZW5jcnlwdGVk"}');
    expect(mode(file)).toBe(0o600);
    // A crash between the temporary file and the rename leaves the old file whole.
    fs.writeFileSync(path.join(dir, '.tokens.json.999.dead.tmp'), '{"sandbox":"ZW5j');
    expect(await store.read()).toBe('{"sandbox":"ZW5jcnlwdGVk"}');
    await store.write('{"sandbox":"ZW5jcnlwdGVk","live":"YW5vdGhlcg"}');
    expect(JSON.parse((await store.read())!)).toEqual({ sandbox: 'ZW5jcnlwdGVk', live: 'YW5vdGhlcg' });
  });
});
