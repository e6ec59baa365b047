import type { EventPayloads } from '../../shared/contract';
import type { EventName } from '../../shared/contract-names';

export type EventListenerOf<E extends EventName> = (payload: EventPayloads[E]) => void;

/**
 * The service's events, typed by the contract. Listeners are the faces: Electron
 * forwards to the window, browser mode to every open event stream. A listener that
 * throws is dropped from that delivery only; it never stops the session.
 */
export interface EventHub {
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  on<E extends EventName>(event: E, listener: EventListenerOf<E>): () => void;
}

export function createEventHub(onListenerError?: (error: unknown) => void): EventHub {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          listener(payload);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
