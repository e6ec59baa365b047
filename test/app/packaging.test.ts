import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { ROOT } from '../e2e/build-once';

/** electron-builder's own loader and schema check, offline: `npm run dist` will accept the file. */
async function loadConfig(): Promise<Configuration> {
  const config = await getConfig(ROOT, 'electron-builder.yml', null);
  await validateConfiguration(config, { isEnabled: false, add: () => undefined } as never);
  return config;
}

function targetNames(target: unknown): string[] {
  return (Array.isArray(target) ? target : [target]).map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));
}

describe('packaging (electron-builder.yml)', () => {
  it('passes electron-builder validation', async () => {
    await expect(loadConfig()).resolves.toBeTruthy();
  });

  it('would reject a mistyped key (the check is real)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration({ ...config, winn: { target: 'nsis' } } as never, { isEnabled: false, add: () => undefined } as never)).rejects.toThrow(/winn/);
  });

  it('builds an NSIS installer, a DMG, an AppImage and a deb', async () => {
    const config = await loadConfig();
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
  });

  it('opens .csv and .xlsx files with the app', async () => {
    const associations = (await loadConfig()).fileAssociations;
    expect((Array.isArray(associations) ? associations : [associations]).map((a) => a?.ext)).toEqual(['csv', 'xlsx']);
  });

  it("flips Electron's fuses so no other process can drive the signed app", async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('would reject a mistyped fuse (the schema knows the fuses)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNodee: false } } as never, { isEnabled: false, add: () => undefined } as never)).rejects.toThrow(/configuration\.electronFuses/);
  });

  it('packs the built app, whose entry is the one package.json names', async () => {
    const config = await loadConfig();
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(JSON.stringify(config.files)).toContain('"out/**/*"');
  });
});
