import { describe, expect, it } from 'vitest';
import { createKeychainTokenStore, NO_KEYCHAIN_MESSAGE, type SafeStorageLike, type TokenFile } from '../../main/app/keychain-token-store';

/** A reversible stand-in for the OS keychain's encryption: not the token in clear. */
function fakeSafeStorage(available = true, backend?: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from([...Buffer.from(text, 'utf8')].map((byte) => byte ^ 0x5a)),
    decryptString: (bytes) => Buffer.from([...bytes].map((byte) => byte ^ 0x5a)).toString('utf8'),
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  };
}

function memoryFile(): TokenFile & { text: string | null } {
  const file = {
    text: null as string | null,
    read: async () => file.text,
    write: async (text: string) => {
      file.text = text;
    },
  };
  return file;
}

describe('remembering the customer token', () => {
  it('keeps it encrypted on disk and gives it back to main', async () => {
    const file = memoryFile();
    const store = createKeychainTokenStore(fakeSafeStorage(), file);
    await store.set('practice', 'secret-customer-token');
    expect(file.text).not.toContain('secret-customer-token');
    expect(await store.get('practice')).toBe('secret-customer-token');
    expect(await store.keys()).toEqual(['practice']);
    expect(store.info().kind).toBe('keychain');
  });

  it('survives a restart (a new store on the same file) and forgets on request', async () => {
    const file = memoryFile();
    await createKeychainTokenStore(fakeSafeStorage(), file).set('live', 'live-token');
    const again = createKeychainTokenStore(fakeSafeStorage(), file);
    expect(await again.get('live')).toBe('live-token');
    await again.remove('live');
    expect(await again.get('live')).toBeNull();
  });

  it('says so and keeps the token for this session only when there is no keychain', async () => {
    for (const safeStorage of [fakeSafeStorage(false), fakeSafeStorage(true, 'basic_text')]) {
      const file = memoryFile();
      const store = createKeychainTokenStore(safeStorage, file);
      await store.set('beta', 'beta-token');
      expect(store.info()).toEqual({ kind: 'session', message: NO_KEYCHAIN_MESSAGE });
      expect(await store.get('beta')).toBe('beta-token');
      expect(file.text).toBeNull();
    }
  });

  it('treats a damaged token file as holding no tokens', async () => {
    const file = memoryFile();
    file.text = '{not json';
    expect(await createKeychainTokenStore(fakeSafeStorage(), file).get('live')).toBeNull();
  });
});
