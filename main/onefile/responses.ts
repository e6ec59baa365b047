import type { z } from 'zod';
import { OneFileError, shortenServerText, type Redactor } from './errors';
import type { Exchange } from './http-exchange';

/**
 * Turning OneFile's answers into values or OneFileErrors. Tolerant of content type
 * (JSON may come as text/plain), strict about shape: anything the schema does not
 * accept becomes a 'bad-response' naming the endpoint, never a crash further on.
 */

export interface AnswerContext {
  route: string;
  /** A write: an unreadable success answer means the change may have been made. */
  isWrite: boolean;
  redact: Redactor;
}

/** The body as a JSON value; undefined for 204 or an empty body. */
export function readJson(answer: Exchange, context: AnswerContext): unknown {
  const text = answer.text.trim();
  if (answer.status === 204 || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badResponse(context, 'was not JSON', answer.status);
  }
}

/** Checks a JSON value against the endpoint's schema. */
export function parseShape<S extends z.ZodType>(value: unknown, schema: S, context: AnswerContext, status: number): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'the answer'}: ${issue.message}`)
    .join('; ');
  throw badResponse(context, `was not in the expected shape (${problems})`, status);
}

export function badResponse(context: AnswerContext, what: string, status?: number): OneFileError {
  const applied = context.isWrite && status !== undefined && status >= 200 && status < 300;
  return new OneFileError({
    kind: 'bad-response',
    endpoint: context.route,
    status,
    mayHaveApplied: applied,
    message: context.redact(
      `OneFile's answer to ${context.route} ${what}. ` +
        (applied
          ? 'OneFile accepted the change but its answer could not be read: check OneFile before sending it again.'
          : "Check the environment's address points at OneFile; if it does, OneFile's API may have changed."),
    ),
  });
}

/** OneFile's validation answer: `{"code": -57, "message": "..."}`, keys in any case. */
function serverDetails(text: string, redact: Redactor): { code?: number; message?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const plain = text.trim();
    return plain && !plain.startsWith('<') ? { message: redact(shortenServerText(plain)) } : {};
  }
  if (typeof value === 'string') return { message: redact(shortenServerText(value)) };
  if (!value || typeof value !== 'object') return {};
  const entries = Object.entries(value as Record<string, unknown>);
  const find = (name: string) => entries.find(([key]) => key.toLowerCase() === name)?.[1];
  const code = find('code');
  const message = find('message');
  return {
    code: typeof code === 'number' && Number.isInteger(code) ? code : typeof code === 'string' && /^-?\d+$/.test(code) ? Number(code) : undefined,
    message: typeof message === 'string' ? redact(shortenServerText(message)) : undefined,
  };
}

/** The OneFileError for an answer that is not a success. */
export function errorForAnswer(answer: Exchange, context: AnswerContext): OneFileError {
  const { status } = answer;
  const { route, redact } = context;
  const details = serverDetails(answer.text, redact);
  const said = details.message ? `: "${details.message}"` : '';
  const base = { endpoint: route, status, code: details.code, oneFileMessage: details.message };
  if (status === 404) {
    return new OneFileError({
      ...base,
      kind: 'not-found',
      message: redact(`OneFile has no such record for ${route} (HTTP 404)${said}. Check the ID, or that it belongs to this organisation and environment.`),
    });
  }
  if (status === 401 || status === 403) {
    return new OneFileError({
      ...base,
      kind: 'auth',
      message: redact(
        `OneFile refused the session for ${route} (HTTP ${status}). The customer token was refused or lacks permission: ` +
          'check the customer API token in Settings, or ONEFILE_CUSTOMER_TOKEN for the command line.',
      ),
    });
  }
  if (status >= 500) {
    return new OneFileError({
      ...base,
      kind: 'server',
      mayHaveApplied: context.isWrite,
      message: redact(
        `OneFile had an internal error answering ${route} (HTTP ${status})${said}. ` +
          (context.isWrite ? 'It was not sent again: check in OneFile whether the change was made.' : 'Try again later.'),
      ),
    });
  }
  if (status >= 400) {
    const codeText = details.code !== undefined ? ` (code ${details.code})` : '';
    return new OneFileError({
      ...base,
      kind: 'validation',
      message: redact(`OneFile rejected ${route}${codeText}, HTTP ${status}${said}. Correct the value it names and try again.`),
    });
  }
  return badResponse(context, `had an unexpected HTTP status ${status}`, status);
}
