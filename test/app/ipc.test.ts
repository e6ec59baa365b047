import { describe, expect, it } from 'vitest';
import { forwardEvents, registerIpc, type IpcMainLike } from '../../main/app/ipc';
import { createTrustedSenderCheck } from '../../main/app/trusted-sender';
import { METHOD_NAMES, eventChannel, methodChannel } from '../../shared/contract-names';
import type { Envelope } from '../../shared/contract-dispatch';
import { fakeRuntime } from '../host/fake-runtime';

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  const invoke = (method: string, input: unknown, frame = appFrame) =>
    handlers.get(methodChannel(method as never))!({ senderFrame: frame }, input) as Promise<Envelope>;
  return { ipc, handlers, invoke };
}

const INDEX = 'file:///opt/OneFile%20Importer/resources/app.asar/out/renderer/index.html';
const appFrame = { url: INDEX, parent: null };
const isTrusted = createTrustedSenderCheck({ indexFileUrl: INDEX });

describe('IPC registration', () => {
  it('registers exactly one handler per contract method, and removes them all again', () => {
    const { ipc, handlers } = fakeIpcMain();
    const unregister = registerIpc(ipc, fakeRuntime().handlers, isTrusted);
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map(methodChannel).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('passes a well-formed call from the app window to the service, with defaults filled in', async () => {
    const runtime = fakeRuntime();
    const { ipc, invoke } = fakeIpcMain();
    registerIpc(ipc, runtime.handlers, isTrusted);
    const answer = await invoke('getRows', { offset: 0, limit: 50 });
    expect(answer).toEqual({ ok: true, value: { method: 'getRows', input: { offset: 0, limit: 50, filter: 'all' } } });
  });

  it('rejects a malformed argument with a message naming the method and the field, and never calls the service', async () => {
    const runtime = fakeRuntime();
    const { ipc, invoke } = fakeIpcMain();
    registerIpc(ipc, runtime.handlers, isTrusted);
    const answer = await invoke('setColumnField', { column: 'B', field: 'Email' });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error).toMatchObject({ method: 'setColumnField', code: 'invalid-input', field: 'column' });
    expect(answer.error.message).toMatch(/^setColumnField was called with a malformed argument: "column"/);
    expect(answer.error.message).toMatch(/number/);
    expect(runtime.calls).toEqual([]);
  });

  it('rejects an unknown field, an unknown target field and a missing argument clearly', async () => {
    const { ipc, invoke } = fakeIpcMain();
    registerIpc(ipc, fakeRuntime().handlers, isTrusted);
    const extra = await invoke('getState', { path: '/etc/passwd' });
    expect(!extra.ok && extra.error.message).toBe('getState was called with a malformed argument: "path" is not a field this method takes.');
    const field = await invoke('setColumnField', { column: 1, field: 'Password' });
    expect(!field.ok && field.error.field).toBe('field');
    const missing = await invoke('chooseOrganisation', undefined);
    expect(!missing.ok && missing.error.message).toMatch(/^chooseOrganisation was called with a malformed argument: "organisationId"/);
  });

  it('refuses calls from any frame but the app window, in one place for every method', async () => {
    const runtime = fakeRuntime();
    const { ipc, invoke } = fakeIpcMain();
    const refusals: string[] = [];
    registerIpc(ipc, runtime.handlers, isTrusted, { onRefused: (message) => refusals.push(message) });
    const frames = [
      { url: 'https://evil.example/', parent: null },
      { url: INDEX, parent: appFrame },
      { url: 'file:///tmp/other.html', parent: null },
      null,
    ];
    for (const frame of frames) {
      const answer = await invoke('getState', {}, frame as never);
      expect(!answer.ok && answer.error.code).toBe('untrusted-sender');
    }
    expect(runtime.calls).toEqual([]);
    expect(refusals).toHaveLength(4);
  });

  it('turns a failure in the service into a message with the token removed', async () => {
    const runtime = fakeRuntime({
      connect: async () => {
        throw Object.assign(new Error('OneFile refused token cust-token-123456.'), { hint: 'Check the token.' });
      },
    });
    const { ipc, invoke } = fakeIpcMain();
    registerIpc(ipc, runtime.handlers, isTrusted, { redact: runtime.redact });
    const answer = await invoke('connect', { environment: 'practice', customerToken: 'cust-token-123456' });
    expect(answer).toEqual({
      ok: false,
      error: { method: 'connect', code: 'failed', message: 'OneFile refused token [customer token].', hint: 'Check the token.' },
    });
  });
});

describe('events to the window', () => {
  it('forwards each contract event on its own channel until stopped, and not to a closed window', () => {
    const runtime = fakeRuntime();
    const sent: Array<[string, unknown]> = [];
    let destroyed = false;
    const stop = forwardEvents(runtime, { send: (channel, payload) => sent.push([channel, payload]), isDestroyed: () => destroyed });
    runtime.hub.emit('notification', { level: 'info', title: 'Hello', message: 'there' });
    destroyed = true;
    runtime.hub.emit('notification', { level: 'info', title: 'Lost', message: '' });
    destroyed = false;
    stop();
    runtime.hub.emit('notification', { level: 'info', title: 'After stop', message: '' });
    expect(sent).toEqual([[eventChannel('notification'), { level: 'info', title: 'Hello', message: 'there' }]]);
  });
});
