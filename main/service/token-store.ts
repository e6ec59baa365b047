import * as fs from 'node:fs/promises';
import type { TokenStorageInfo } from '../../shared/contract-types';
import { writePrivateFile } from '../private-files';

/**
 * Where customer tokens the user asked to remember are kept. The desktop app keeps
 * them encrypted with the OS keychain (`main/app/keychain-token-store`); browser mode
 * and machines without a keychain keep them in memory for this session only. Either
 * way a token goes in through `connect` and never comes back out to the view.
 */
export interface TokenStore {
  info(): TokenStorageInfo;
  get(key: string): Promise<string | null>;
  set(key: string, token: string): Promise<void>;
  remove(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** Memory only: gone when the app stops. `message` tells the user why. */
export function createSessionTokenStore(message: string): TokenStore {
  const tokens = new Map<string, string>();
  return {
    info: () => ({ kind: 'session', message }),
    get: async (key) => tokens.get(key) ?? null,
    set: async (key, token) => {
      tokens.set(key, token);
    },
    remove: async (key) => {
      tokens.delete(key);
    },
    keys: async () => [...tokens.keys()],
  };
}

/** The file that holds the remembered tokens (encrypted by the caller), as `createKeychainTokenStore` reads and writes it. */
export interface TokenFile {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
}

/**
 * `tokens.json` in the data folder: 0600, and replaced atomically (temporary file,
 * fsync, rename), so a crash in the middle of remembering one token never loses the
 * others. A file that cannot be read counts as none.
 */
export function tokenFileAt(file: string): TokenFile {
  return {
    read: () => fs.readFile(file, 'utf8').catch(() => null),
    write: (text) => writePrivateFile(file, text),
  };
}
