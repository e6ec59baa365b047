/**
 * The disk refusing a write (full, over quota, read-only, not this user's, or a network
 * folder gone quiet: a roaming profile's AppData on a college's file server), read from
 * the system's error: what happened in words, for every face. What to do differs by face
 * (the command line names its options and commands, the window its History), so each
 * adds it.
 */

export type DiskRefusal = 'full' | 'read-only' | 'no-permission' | 'unavailable' | 'locked';

const REFUSALS: Record<string, DiskRefusal> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'read-only',
  EACCES: 'no-permission',
  EPERM: 'no-permission',
  // Never a connection's codes (ETIMEDOUT, ECONNRESET): a call to OneFile gives those too.
  EIO: 'unavailable',
  ESTALE: 'unavailable',
  // Windows, while another program holds the file open: Excel (a report or export being looked at), a backup, a virus scan.
  EBUSY: 'locked',
  ETXTBSY: 'locked',
};

/** The refusal and the sentence saying it, or undefined for any other error; `unnamed` is what the sentence calls a file the error does not name. */
export function readDiskRefusal(error: unknown, unnamed = 'a file in the data folder'): { kind: DiskRefusal; problem: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, path } = error as { code?: unknown; path?: unknown };
  const kind = typeof code === 'string' && Object.hasOwn(REFUSALS, code) ? REFUSALS[code] : undefined;
  if (!kind) return undefined;
  const what = typeof path === 'string' ? path : unnamed;
  const problem = {
    full: `The disk is full: ${what} could not be written.`,
    'read-only': `The disk is read-only: ${what} could not be written.`,
    'no-permission': `You do not have permission to write ${what}.`,
    unavailable: `The disk or network folder that holds ${what} stopped answering: it could not be written.`,
    locked: `Another program has ${what} open (often Excel, a backup or a virus scan), so it could not be written.`,
  }[kind];
  return { kind, problem };
}
