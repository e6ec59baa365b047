import type { TokenStorageInfo } from '../../shared/contract-types';

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
