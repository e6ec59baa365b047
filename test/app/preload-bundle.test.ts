import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES, eventChannel, methodChannel } from '../../shared/contract-names';
import { ensureBuilt, PRELOAD_BUNDLE } from '../e2e/build-once';

let code = '';

beforeAll(async () => {
  await ensureBuilt();
  code = readFileSync(PRELOAD_BUNDLE, 'utf8');
}, 180_000);

/** Runs the built preload with a fake `electron`, as the sandbox would, and returns what it exposed. */
function loadPreload() {
  const required: string[] = [];
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  let exposed: { key: string; api: Record<string, unknown> } | null = null;
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => (exposed = { key, api }) },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => {
        invoked.push([channel, input]);
        return { ok: true, value: null };
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
    },
  };
  const module = { exports: {} };
  runInNewContext(code, {
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
    module,
    exports: module.exports,
  });
  return { required, invoked, listeners, exposed: exposed! };
}

describe('the preload bundle', () => {
  it('requires nothing but electron', () => {
    const requires = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(loadPreload().required).toEqual(['electron']);
  });

  it('exposes one named function per contract method and an event subscription, nothing generic', () => {
    const { exposed } = loadPreload();
    expect(exposed.key).toBe('onefile');
    expect(Object.keys(exposed.api).sort()).toEqual([...METHOD_NAMES, 'on', 'face'].sort());
    expect(exposed.api).not.toHaveProperty('invoke');
    expect(exposed.api).not.toHaveProperty('send');
    expect(Object.isFrozen(exposed.api)).toBe(true);
  });

  it("calls each method on that method's own channel only", async () => {
    const { exposed, invoked } = loadPreload();
    await (exposed.api.getRows as (input: unknown) => Promise<unknown>)({ offset: 0, limit: 10 });
    expect(invoked).toEqual([[methodChannel('getRows'), { offset: 0, limit: 10 }]]);
  });

  it('subscribes to allowlisted events only, and the returned function unsubscribes', () => {
    const { exposed, listeners } = loadPreload();
    const on = exposed.api.on as (event: string, listener: (payload: unknown) => void) => () => void;
    const received: unknown[] = [];
    const stop = on('progress', (payload) => received.push(payload));
    const channel = eventChannel('progress');
    for (const listener of listeners.get(channel)!) listener({ sender: 'ipc' }, { kind: 'directory', value: 0.5 });
    expect(received).toEqual([{ kind: 'directory', value: 0.5 }]);
    stop();
    expect(listeners.get(channel)!.size).toBe(0);
    expect(() => on('onefile:connect', () => undefined)).toThrow(/no event called/);
    expect(EVENT_NAMES.every((name) => typeof on(name, () => undefined) === 'function')).toBe(true);
  });
});
