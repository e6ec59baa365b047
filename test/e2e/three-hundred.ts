import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The file of 300 learners Review's mouse and sort cases work on (rows 2-301, columns A-E):
 * employers Employer 0 to Employer 6 in turn, the longest employer name far down (row 289).
 */
export const LONG_EMPLOYER = 'Northern Powerhouse Logistics and Warehousing Partnership Ltd (Trafford Park)';

/** Writes three-hundred.csv in `folder`; its path. */
export function writeThreeHundred(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'three-hundred.csv');
  const rows = Array.from({ length: 300 }, (_, i) => {
    const employer = i === 287 ? LONG_EMPLOYER : `Employer ${i % 7}`;
    return [`R${String(i + 1).padStart(4, '0')}`, 'Ann', `Learner${i + 1}`, `learner${i + 1}@example.com`, employer].join(',');
  });
  writeFileSync(file, `Learner Ref,Forename,Surname,Email Address,Employer\r\n${rows.join('\r\n')}\r\n`);
  return file;
}
