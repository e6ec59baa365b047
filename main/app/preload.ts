/**
 * The bridge between the sandboxed window and main. A sandboxed preload may only
 * require `electron` (test/app/preload-bundle.test.ts reads the built bundle to prove
 * it), so this file imports nothing but `electron` and the contract's name lists.
 *
 * It exposes `window.onefile`: one named function per contract method (each invoking
 * that method's channel and nothing else) and `on(event, listener)` for the
 * allowlisted events, which returns the function that unsubscribes. There is no
 * generic `invoke(channel)` or `send`: the window can reach exactly the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, METHOD_NAMES, eventChannel, methodChannel, type EventName } from '../../shared/contract-names';

const bridge: Record<string, unknown> = { face: 'desktop' };

for (const name of METHOD_NAMES) {
  const channel = methodChannel(name);
  bridge[name] = (input: unknown) => ipcRenderer.invoke(channel, input);
}

bridge.on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
  if (!(EVENT_NAMES as readonly string[]).includes(event)) {
    throw new Error(`There is no event called "${String(event)}".`);
  }
  if (typeof listener !== 'function') throw new Error('on(event, listener): the listener must be a function.');
  const channel = eventChannel(event);
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
};

contextBridge.exposeInMainWorld('onefile', Object.freeze(bridge));
