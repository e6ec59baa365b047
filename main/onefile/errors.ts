/**
 * The one error type the OneFile client throws. Callers (the import engine, the CLI,
 * the UI) branch on `kind`, show `message` to a person, and keep `status`, `code` and
 * `oneFileMessage` for the error report.
 *
 * Secrets never reach this class: messages are built from route templates
 * (`POST User/{id}`), status codes and OneFile's own message, and every message passes
 * through the client's redactor, so a server that echoes a token back cannot leak it.
 * No raw library error is attached as `cause` (it could carry request details); only
 * its error code is kept in `causeCode`.
 */

/** What went wrong, in the terms the import engine acts on. */
export type OneFileErrorKind =
  | 'auth'
  | 'validation'
  | 'not-found'
  | 'rate-limit'
  | 'server'
  | 'network'
  | 'outcome-unknown'
  | 'bad-response'
  | 'timeout'
  /** Not sent: the caller withdrew it while it waited for the rate limit (an import paused or cancelled). */
  | 'withdrawn'
  /** OneFile does not offer this call here (405, 501, or any refusal of a call no guide documents). */
  | 'unsupported';

export interface OneFileErrorDetails {
  kind: OneFileErrorKind;
  /** The route template, e.g. `POST User/{id}`: never an ID, token or query. */
  endpoint: string;
  /** Human text: what happened and what to do. */
  message: string;
  status?: number;
  /** OneFile's negative validation code, e.g. -57 (placement not found). */
  code?: number;
  /** OneFile's own message, as sent (redacted, shortened). */
  oneFileMessage?: string;
  /**
   * True when a write may have been applied although the client could not confirm it
   * (outcome unknown, or a write answered with an unreadable success body). The import
   * engine must check OneFile before sending it again.
   */
  mayHaveApplied?: boolean;
  /** The low-level error code behind a network failure (ECONNRESET, UND_ERR_SOCKET ...). */
  causeCode?: string;
}

export class OneFileError extends Error {
  readonly kind: OneFileErrorKind;
  readonly endpoint: string;
  readonly status?: number;
  readonly code?: number;
  readonly oneFileMessage?: string;
  readonly mayHaveApplied: boolean;
  readonly causeCode?: string;

  constructor(details: OneFileErrorDetails) {
    super(details.message);
    this.name = 'OneFileError';
    this.kind = details.kind;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.code = details.code;
    this.oneFileMessage = details.oneFileMessage;
    this.mayHaveApplied = details.mayHaveApplied ?? details.kind === 'outcome-unknown';
    this.causeCode = details.causeCode;
  }
}

export function isOneFileError(value: unknown): value is OneFileError {
  return value instanceof OneFileError;
}

/** Replaces every known secret in a text. Built by the client from its tokens. */
export type Redactor = (text: string) => string;

/**
 * A redactor that hides the given secrets (and their quoted forms) wherever they
 * appear. Secrets shorter than 4 characters are not searched for: they would mangle
 * ordinary words, and no real OneFile token is that short.
 */
export function createRedactor(secrets: () => Iterable<string>): Redactor {
  return (text) => {
    let out = text;
    for (const secret of secrets()) {
      if (secret.length >= 4) out = out.split(secret).join('[redacted]');
    }
    return out;
  };
}

/** Shortens a server message for an error report: one line, at most 300 characters. */
export function shortenServerText(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
