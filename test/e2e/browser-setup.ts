import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Vitest's global set-up: a folder for this one run, so the end-to-end test files
 * (each in its own process) say "skipped, and how to enable them" once between them,
 * not once each. Removed when the run ends.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    e2eRunFolder: string;
  }
}

export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(path.join(tmpdir(), 'onefile-e2e-run-'));
  project.provide('e2eRunFolder', folder);
  return () => rmSync(folder, { recursive: true, force: true });
}
