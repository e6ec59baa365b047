import { createDispatcher, type DispatcherOptions, type Envelope } from '../../shared/contract-dispatch';
import type { EventPayloads, ServiceHandlers } from '../../shared/contract';
import { EVENT_NAMES, METHOD_NAMES, eventChannel, methodChannel, type EventName } from '../../shared/contract-names';
import type { SenderFrameLike, TrustedSenderCheck } from './trusted-sender';

/** The part of Electron's `ipcMain` used: `handle` and `removeHandler`. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrameLike | null }, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Reports a refused call (without its arguments: they may hold a token). */
export type RefusalLog = (message: string) => void;

/**
 * Registers one `ipcMain.handle` per contract method, all through one loop: the
 * sender's frame is checked, the input parsed by the method's schema and the handler
 * called (`shared/contract-dispatch`). Only the first argument is the input; the
 * preload never sends more. Returns a function that removes every handler.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: ServiceHandlers,
  isTrustedSender: TrustedSenderCheck,
  options: DispatcherOptions & { onRefused?: RefusalLog } = {},
): () => void {
  const dispatch = createDispatcher(handlers, options);
  for (const name of METHOD_NAMES) {
    ipcMain.handle(methodChannel(name), async (event, input): Promise<Envelope> => {
      if (!isTrustedSender(event.senderFrame)) {
        options.onRefused?.(`Refused ${name} from an untrusted frame (${safeUrl(event.senderFrame?.url)}).`);
        return {
          ok: false,
          error: { method: name, code: 'untrusted-sender', message: `${name} may only be called by the app's own window.` },
        };
      }
      return dispatch(name, input);
    });
  }
  return () => {
    for (const name of METHOD_NAMES) ipcMain.removeHandler(methodChannel(name));
  };
}

function safeUrl(url: string | undefined): string {
  if (!url) return 'no frame';
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'unreadable URL';
  }
}

/** Something that emits the contract's events: the service. */
export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/** The part of Electron's `webContents` used to push events. */
export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** Forwards every contract event to the window. Returns the function that stops it. */
export function forwardEvents(source: EventSource, target: EventTarget): () => void {
  const stops = EVENT_NAMES.map((name) =>
    source.on(name, (payload) => {
      if (!target.isDestroyed()) target.send(eventChannel(name), payload);
    }),
  );
  return () => stops.forEach((stop) => stop());
}
