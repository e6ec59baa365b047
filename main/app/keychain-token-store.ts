import { createSessionTokenStore, type TokenFile, type TokenStore } from '../service/token-store';

export type { TokenFile } from '../service/token-store';

/** The part of Electron's `safeStorage` used. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring, i.e. a hard-coded key. */
  getSelectedStorageBackend?(): string;
}

export const NO_KEYCHAIN_MESSAGE =
  'This computer has no OS keychain the app can use, so a token is kept only until the app closes. You will be asked for it again next time.';

/**
 * True when `safeStorage` really encrypts with the OS keychain. On Linux without a
 * keyring Electron falls back to `basic_text` (a fixed key): that is not protection,
 * so it counts as unavailable.
 */
export function keychainAvailable(safeStorage: SafeStorageLike): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  const backend = safeStorage.getSelectedStorageBackend?.();
  return backend === undefined || backend !== 'basic_text';
}

/**
 * Tokens encrypted with `safeStorage` and stored as base64 in one JSON file in the
 * user's data folder; plain text never touches the disk. Where the keychain is not
 * available the store says so and keeps tokens for the session only.
 */
export function createKeychainTokenStore(safeStorage: SafeStorageLike, file: TokenFile): TokenStore {
  if (!keychainAvailable(safeStorage)) return createSessionTokenStore(NO_KEYCHAIN_MESSAGE);

  async function load(): Promise<Record<string, string>> {
    const text = await file.read();
    if (!text) return {};
    try {
      const data = JSON.parse(text) as unknown;
      if (!data || typeof data !== 'object') return {};
      return Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      return {};
    }
  }

  return {
    info: () => ({ kind: 'keychain', message: 'Remembered tokens are encrypted with your OS keychain.' }),
    async get(key) {
      const stored = (await load())[key];
      if (!stored) return null;
      try {
        return safeStorage.decryptString(Buffer.from(stored, 'base64'));
      } catch {
        return null;
      }
    },
    async set(key, token) {
      const all = await load();
      all[key] = safeStorage.encryptString(token).toString('base64');
      await file.write(JSON.stringify(all));
    },
    async remove(key) {
      const all = await load();
      delete all[key];
      await file.write(JSON.stringify(all));
    },
    keys: async () => Object.keys(await load()),
  };
}
