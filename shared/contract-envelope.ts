/**
 * The answer to every contract call, as it crosses a boundary: the value, or an error
 * that names the method, the field and what to do. Kept apart from the dispatcher so
 * the view's client carries no schemas (zod stays on the main side).
 */

export type ContractErrorCode = 'invalid-input' | 'unknown-method' | 'untrusted-sender' | 'failed';

export interface ContractErrorInfo {
  method: string;
  code: ContractErrorCode;
  /** Says what happened and, where there is one, what to do. */
  message: string;
  /** The input field that was wrong (`invalid-input`). */
  field?: string;
  hint?: string;
  /**
   * For `failed`: what kind of thing went wrong (`shared/app-error.ts`'s codes, `file-…`,
   * `onefile-…`), so the window can offer the right next step without reading the text.
   */
  reason?: string;
}

export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ContractErrorInfo };

/** An error the view receives from a call: the envelope's error as an Error. */
export class ContractError extends Error {
  readonly method: string;
  readonly code: ContractErrorCode;
  readonly field?: string;
  readonly hint?: string;
  readonly reason?: string;

  constructor(info: ContractErrorInfo) {
    super(info.message);
    this.name = 'ContractError';
    this.method = info.method;
    this.code = info.code;
    this.field = info.field;
    this.hint = info.hint;
    this.reason = info.reason;
  }
}

/** Returns the value of a successful envelope; throws a `ContractError` otherwise. */
export function unwrapEnvelope<T>(envelope: unknown, method: string): T {
  if (envelope && typeof envelope === 'object' && 'ok' in envelope) {
    const e = envelope as Envelope<T>;
    if (e.ok) return e.value;
    if (e.error && typeof e.error.message === 'string') throw new ContractError(e.error);
  }
  throw new ContractError({ method, code: 'failed', message: `${method}: the app answered in a form the window does not understand.` });
}

