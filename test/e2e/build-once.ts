import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built app (`electron-vite build` into out/) for tests that need it: the e2e
 * tests serve out/renderer, the preload test reads out/preload. Built when missing or
 * older than any source it is made from; test files run in parallel, so one builds
 * and the others wait on a lock folder.
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIR = path.join(ROOT, 'out/renderer');
export const PRELOAD_BUNDLE = path.join(ROOT, 'out/preload/index.cjs');

const SOURCES = ['renderer', 'shared', 'main/app', 'electron.vite.config.ts'];
const LOCK = path.join(ROOT, 'out/.build-lock');

function newest(entry: string): number {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(full).map((name) => newest(path.join(entry, name))));
}

function builtAt(): number {
  const outputs = [path.join(RENDERER_DIR, 'index.html'), PRELOAD_BUNDLE];
  return outputs.every(existsSync) ? Math.min(...outputs.map((file) => statSync(file).mtimeMs)) : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function ensureBuilt(): Promise<void> {
  const sourcesAt = Math.max(...SOURCES.map(newest));
  for (let waited = 0; builtAt() < sourcesAt; waited += 250) {
    try {
      mkdirSync(path.dirname(LOCK), { recursive: true });
      mkdirSync(LOCK);
    } catch {
      // A lock left by a test process that died mid-build is not waited on for ever.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      if (waited > 120_000) throw new Error('Waited two minutes for another test to build the app.');
      await sleep(250);
      continue;
    }
    try {
      if (builtAt() < sourcesAt) {
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe' });
      }
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
