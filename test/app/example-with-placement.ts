import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * examples/learners.csv with its first two learners' Employer (their placement) set to
 * `placement`, written as `name` into `folder`: for app tests about one placement name.
 */
export function exampleWithPlacement(folder: string, name: string, placement: string): string {
  const lines = readFileSync(path.join(import.meta.dirname, '../../examples/learners.csv'), 'utf8').split(/\r?\n/);
  for (const at of [1, 2]) {
    const cells = lines[at].split(',');
    cells[12] = placement;
    lines[at] = cells.join(',');
  }
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  writeFileSync(file, lines.join('\r\n'));
  return file;
}
