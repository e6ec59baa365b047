import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Lets whoever starts a call say "send this only while ..." without threading an
 * AbortSignal through every endpoint function: calls started inside `sendOnlyWhile`
 * carry its signal down to the rate limiter. A call still waiting there for its turn
 * when the signal aborts is withdrawn, never sent; a call already sent runs to its end.
 * An import pauses and cancels this way without a call going out after the user asked.
 */
const scope = new AsyncLocalStorage<AbortSignal>();

export function sendOnlyWhile<T>(signal: AbortSignal, start: () => Promise<T>): Promise<T> {
  return scope.run(signal, start);
}

/** Runs `start` outside any caller's scope: signing in serves every caller, so no one caller may withdraw it. */
export function sendForEveryone<T>(start: () => Promise<T>): Promise<T> {
  return scope.exit(start);
}

/** The signal of the call being started here, if its caller gave one. */
export function currentSendSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/** Thrown by the limiter for a call withdrawn before its turn: nothing was sent. */
export class CallWithdrawn extends Error {
  constructor() {
    super('The call was withdrawn before it was sent.');
    this.name = 'CallWithdrawn';
  }
}
