import type { Directory } from '../directory/types';
import type { ImportPlan } from './types';

/** What a plan keeps of its directory's reading: when OneFile was read, and the newest user ID it held. */
export function directoryReading(directory: Pick<Directory, 'fetchedAt' | 'learners' | 'staff'>): Pick<ImportPlan, 'readOneFileAt' | 'newestUserId'> {
  let newest = 0;
  for (const user of directory.learners) newest = Math.max(newest, user.id);
  for (const user of directory.staff) newest = Math.max(newest, user.id);
  return { readOneFileAt: directory.fetchedAt, ...(newest > 0 ? { newestUserId: newest } : {}) };
}
