import type { EventListener, ServiceClient } from './contract';
import { unwrapEnvelope } from './contract-envelope';
import { METHOD_NAMES, isEventName, type EventName, type MethodName } from './contract-names';

/**
 * How a face carries calls and events: the Electron preload (IPC) or the browser-mode
 * shim (HTTP + server-sent events). `invoke` resolves to the dispatcher's envelope.
 */
export interface ContractTransport {
  invoke(method: MethodName, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * The view's typed client, derived from the contract's method names: one function per
 * method, each unwrapping the envelope (a failure throws a `ContractError` with the
 * method, field and hint), and `on` for allowlisted events only.
 */
export function createServiceClient(transport: ContractTransport): ServiceClient {
  const client: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    client[name] = async (input?: unknown) => unwrapEnvelope(await transport.invoke(name, input ?? {}), name);
  }
  client.on = <E extends EventName>(event: E, listener: EventListener<E>) => {
    if (!isEventName(event)) throw new Error(`There is no event called "${String(event)}".`);
    return transport.subscribe(event, listener as (payload: unknown) => void);
  };
  return client as ServiceClient;
}
