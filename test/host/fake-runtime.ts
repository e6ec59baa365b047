import type { ServiceHandlers } from '../../shared/contract';
import { METHOD_NAMES } from '../../shared/contract-names';
import { createEventHub, type EventHub } from '../../main/service/event-hub';
import type { ServiceRuntime } from '../../main/service/service-types';

/**
 * A stand-in service for testing the faces (IPC, HTTP): every method records its
 * parsed input and answers `{ method, input }`; `overrides` replace single methods.
 */
export function fakeRuntime(overrides: Partial<ServiceHandlers> = {}, secret = 'cust-token-123456'): ServiceRuntime & {
  hub: EventHub;
  calls: Array<{ method: string; input: unknown }>;
} {
  const hub = createEventHub();
  const calls: Array<{ method: string; input: unknown }> = [];
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (input: unknown) => {
        calls.push({ method, input });
        return { method, input };
      },
    ]),
  ) as unknown as ServiceHandlers;
  Object.assign(handlers, overrides);
  return { handlers, on: hub.on, redact: (text) => text.split(secret).join('[customer token]'), hub, calls };
}
