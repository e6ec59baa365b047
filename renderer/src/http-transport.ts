import type { ContractTransport } from '../../shared/contract-client';
import type { EventName, MethodName } from '../../shared/contract-names';

/**
 * Browser mode's transport: one POST per method and a server-sent event stream, both
 * carrying the per-launch key in a header. The key arrives in the address's fragment
 * (`#key=...`), is kept in this tab's sessionStorage so a reload still works, and is
 * removed from the address bar at once so it is not bookmarked or shared by accident.
 *
 * The stream is read with fetch rather than EventSource because EventSource cannot
 * send a header, and the key must not go in a URL.
 */

const KEY_STORAGE = 'onefile-key';
const KEY_HEADER = 'x-onefile-key';

export function takeLaunchKey(): string | null {
  const match = /(?:^#|&)key=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(KEY_STORAGE, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(KEY_STORAGE);
}

type Listener = (payload: unknown) => void;

/** Parses `event:`/`data:` frames out of the stream's text; returns what is left over. */
function parseFrames(buffer: string, deliver: (event: string, data: string) => void): string {
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end !== -1; end = rest.indexOf('\n\n')) {
    const frame = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let event = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) deliver(event, data.join('\n'));
  }
  return rest;
}

export interface HttpTransport extends ContractTransport {
  /** Called with false when the stream drops (the app stopped) and true when it is back. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  /**
   * `openFile` for a file in the page: its bytes streamed as the request body (the
   * browser reads the file from disk as it sends; nothing is held whole in memory on
   * either side), its own name percent-encoded in a header. Resolves to the envelope.
   */
  upload(file: File): Promise<unknown>;
}

/**
 * Opens the event stream and resolves once the server has answered it, so no event
 * sent after the first call can be missed. Reconnects after a drop, with a pause.
 */
export async function openHttpTransport(key: string): Promise<HttpTransport> {
  const listeners = new Map<string, Set<Listener>>();
  const connection = new Set<(connected: boolean) => void>();
  const headers = { [KEY_HEADER]: key };

  const deliver = (event: string, data: string) => {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  async function openStream(): Promise<ReadableStreamDefaultReader<Uint8Array>> {
    const response = await fetch('/api/events', { headers: { ...headers, accept: 'text/event-stream' }, cache: 'no-store' });
    if (!response.ok || !response.body) {
      throw new Error(
        response.status === 401
          ? 'This page was opened without its key. Open the link that `onefile-import ui` printed.'
          : `The app's event stream could not be opened (HTTP ${response.status}).`,
      );
    }
    return response.body.getReader();
  }

  async function pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer = parseFrames(buffer + decoder.decode(value, { stream: true }), deliver);
    }
  }

  async function keepReading(first: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    let reader: ReadableStreamDefaultReader<Uint8Array> | null = first;
    for (;;) {
      if (reader) {
        await pump(reader).catch(() => undefined);
        connection.forEach((listener) => listener(false));
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      reader = await openStream().catch(() => null);
      if (reader) connection.forEach((listener) => listener(true));
    }
  }

  const first = await openStream();
  void keepReading(first);

  return {
    async invoke(method: MethodName, input: unknown) {
      let response: Response;
      try {
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          cache: 'no-store',
        });
      } catch {
        return {
          ok: false,
          error: { method, code: 'failed', message: 'The app is not answering. Is `onefile-import ui` still running? Start it again and open the new link.' },
        };
      }
      try {
        return await response.json();
      } catch {
        return { ok: false, error: { method, code: 'failed', message: `${method}: the app answered HTTP ${response.status} without a result.` } };
      }
    },
    async upload(file: File) {
      let response: Response;
      try {
        response = await fetch('/api/upload', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
          body: file,
          cache: 'no-store',
        });
      } catch {
        return {
          ok: false,
          error: { method: 'openFile', code: 'failed', message: `${file.name} could not be sent: the app is not answering. Is \`onefile-import ui\` still running?` },
        };
      }
      try {
        return await response.json();
      } catch {
        return { ok: false, error: { method: 'openFile', code: 'failed', message: `${file.name}: the app answered HTTP ${response.status} without a result.` } };
      }
    },
    subscribe(event: EventName, listener: Listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    onConnectionChange(listener) {
      connection.add(listener);
      return () => {
        connection.delete(listener);
      };
    },
  };
}
