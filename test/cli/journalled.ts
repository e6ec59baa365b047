import * as fs from 'node:fs';
import * as path from 'node:path';

/** Records in the journal of the data folder's one run (0 before it has one). */
export function journalled(dir: string): number {
  const runs = path.join(dir, 'runs');
  const [run] = fs.existsSync(runs) ? fs.readdirSync(runs).filter((name) => fs.existsSync(path.join(runs, name, 'journal.jsonl'))) : [];
  return run ? fs.readFileSync(path.join(runs, run, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0;
}

/** Waits for a state another process reaches (its journal, its files), looking every 20 ms; fails after 30 s with `never`. */
export async function until(condition: () => boolean, never: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 30_000) throw new Error(never);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
