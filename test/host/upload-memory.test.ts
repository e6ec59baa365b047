import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadsDir } from '../../main/service/uploads';
import { generatedBody, postUpload } from './upload-client';

/**
 * Browser mode's server (`onefile-import ui`, its own process, the real 100 MB limit)
 * sent bodies bigger than any spreadsheet it accepts: it answers 413 in words and its
 * memory stays low, because nothing is read into memory. Its peak memory is the
 * kernel's high-water mark of the process (VmHWM in /proc/<pid>/status).
 */

const ROOT = path.resolve(__dirname, '../..');
const MB = 1024 * 1024;
const MEMORY_CAP_MB = 300;

let child: ChildProcess;
let port = 0;
let key = '';
let dataDir = '';

function peakMemoryMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return Math.round(kb / 1024);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onefile-upload-memory-'));
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onefile-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  child = spawn(process.execPath, [path.join(ROOT, 'bin/onefile-import'), 'ui', '--data-dir', dataDir, '--renderer-dir', rendererDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)\/#key=([\w-]+)/.exec(output);
      if (match) {
        port = Number(match[1]);
        key = match[2];
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`browser mode exited (${code}):\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

describe.skipIf(process.platform !== 'linux')('browser mode under a 150 MB upload (its own process, the real limit)', () => {
  it('answers 413 in words, by the declared length, and when no length is declared, with the server under 300 MB throughout', async () => {
    const atStart = peakMemoryMb(child.pid!);
    const declared = await postUpload({ port, key, fileName: 'Whole centre – 2025.csv', body: generatedBody(150 * MB), declaredLength: 150 * MB });
    expect(declared.status).toBe(413);
    expect(declared.body.error.message).toBe(
      'Whole centre – 2025.csv is 150 MB, more than the 100 MB the app accepts by upload. Import it with the command line (onefile-import import), or split it into smaller files.',
    );
    const chunked = await postUpload({ port, key, fileName: 'Whole centre – 2025.csv', body: generatedBody(150 * MB), declaredLength: null });
    expect(chunked.status).toBe(413);
    expect(chunked.body.error.message).toMatch(/^Whole centre – 2025\.csv is larger than the 100 MB the app accepts by upload\./);
    // Under the limit, 95 MB streams to disk; this one is one endless cell, which the reader refuses.
    const underLimit = await postUpload({ port, key, fileName: 'export.csv', body: generatedBody(95 * MB), declaredLength: 95 * MB });
    expect(underLimit.status).toBe(422);
    expect(underLimit.body.error.message).toMatch(/^export\.csv/);
    const peak = peakMemoryMb(child.pid!);
    console.log(`browser mode's server: peak RSS ${atStart} MB after start, ${peak} MB after a 150 MB upload (declared), 150 MB (chunked) and 95 MB (streamed to disk); cap ${MEMORY_CAP_MB} MB`);
    expect(peak).toBeLessThan(MEMORY_CAP_MB);
    expect(fs.existsSync(uploadsDir(dataDir)) ? fs.readdirSync(uploadsDir(dataDir)) : []).toEqual([]);
  }, 180_000);
});
