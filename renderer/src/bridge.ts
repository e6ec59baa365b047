import type { ServiceClient } from '../../shared/contract';
import { createServiceClient, type ContractTransport } from '../../shared/contract-client';
import { unwrapEnvelope } from '../../shared/contract-envelope';
import type { FileView } from '../../shared/contract-types';
import { fileToBase64 } from './format';
import { METHOD_NAMES, type EventName, type MethodName } from '../../shared/contract-names';
import { openHttpTransport, takeLaunchKey } from './http-transport';

/**
 * The one way the view reaches the import session. In the desktop app the preload
 * has put `window.onefile` there (named functions over IPC); in browser mode there is
 * none and the HTTP transport is used. Everything else in the view calls `getBridge`
 * (or the `useBridge` hook), so a test replaces this one module.
 */

/** What the preload exposes: one function per method, `on` for events. */
type PreloadBridge = Record<MethodName, (input: unknown) => Promise<unknown>> & {
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  face: 'desktop';
};

declare global {
  interface Window {
    onefile?: PreloadBridge;
  }
}

export interface Bridge {
  client: ServiceClient;
  face: 'desktop' | 'browser';
  /** Browser mode: the stream to the app dropped (false) or came back (true). */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  /** Opens a file the user dropped or picked: over IPC as bytes (desktop), streamed to the app (browser mode). */
  uploadFile(file: File): Promise<FileView>;
}

function preloadTransport(preload: PreloadBridge): ContractTransport {
  return {
    invoke: (method, input) => preload[method](input),
    subscribe: (event, listener) => preload.on(event, listener),
  };
}

let bridge: Promise<Bridge> | null = null;

async function connect(): Promise<Bridge> {
  const preload = window.onefile;
  if (preload && METHOD_NAMES.every((name) => typeof preload[name] === 'function')) {
    const client = createServiceClient(preloadTransport(preload));
    return {
      client,
      face: 'desktop',
      onConnectionChange: () => () => undefined,
      uploadFile: async (file) => client.openFile({ fileName: file.name, contentBase64: await fileToBase64(file) }),
    };
  }
  const key = takeLaunchKey();
  if (!key) {
    throw new Error('This page was opened without its key. Open the link that `onefile-import ui` (or `npm run browser`) printed.');
  }
  const transport = await openHttpTransport(key);
  return {
    client: createServiceClient(transport),
    face: 'browser',
    onConnectionChange: transport.onConnectionChange,
    uploadFile: async (file) => unwrapEnvelope<FileView>(await transport.upload(file), 'openFile'),
  };
}

/** The bridge, connected once; every caller gets the same one. */
export function getBridge(): Promise<Bridge> {
  if (!bridge) {
    bridge = connect();
    bridge.catch(() => {
      bridge = null;
    });
  }
  return bridge;
}
