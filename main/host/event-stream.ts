import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENT_NAMES } from '../../shared/contract-names';
import type { ServiceRuntime } from '../service/service-types';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for browser mode: every contract event goes to every open
 * stream. A stream's headers are flushed and a first comment written the moment it
 * connects, so the view knows the stream is open before it makes its first call (a
 * progress event sent while the stream was still connecting would be lost).
 */
export interface EventStreams {
  open(request: IncomingMessage, response: ServerResponse, headers: Record<string, string>): void;
  /** How many views are listening (for tests and the CLI). */
  count(): number;
  close(): void;
}

export function createEventStreams(runtime: ServiceRuntime): EventStreams {
  const clients = new Set<ServerResponse>();
  const send = (name: string, payload: unknown) => {
    const frame = `event: ${name}\ndata: ${runtime.redact(JSON.stringify(payload))}\n\n`;
    for (const client of clients) client.write(frame);
  };
  const stops = EVENT_NAMES.map((name) => runtime.on(name, (payload) => send(name, payload)));
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    open(request, response, headers) {
      response.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      response.flushHeaders();
      response.write(': connected\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
    },
    count: () => clients.size,
    close() {
      clearInterval(heartbeat);
      stops.forEach((stop) => stop());
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
