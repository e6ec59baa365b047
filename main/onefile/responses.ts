import type { z } from 'zod';
import { OneFileError, shortenServerText, type Redactor } from './errors';
import type { Exchange } from './http-exchange';
import { withGuideKeys } from './answer-keys';

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
  /** The call carries the user's own values (a learner's fields): a 400 is theirs to correct. */
  userValues?: boolean;
  /** A call no guide documents: any refusal means "not offered here", never a bad token. */
  optional?: boolean;
  /** Told of each key of the answer read under the guides' spelling (answer-keys.ts). */
  onRenamedKey?: (from: string, to: string) => void;
}

/** The body as a JSON value; undefined for 204 or an empty body. */
export function readJson(answer: Exchange, context: AnswerContext): unknown {
  const text = answer.text.trim();
  if (answer.status === 204 || text === '') return undefined;
  const page = webPageAnswer(answer, context);
  if (page) throw page;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badResponse(context, 'was not JSON', answer.status);
  }
  return withGuideKeys(value, context.onRenamedKey);
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

/**
 * A success status carrying a web page: not OneFile's answer but something's in its
 * place (a proxy, a sign-in or maintenance page). Whether the call reached OneFile cannot
 * be told, so a write is "may or may not have been made", checked before it is sent
 * again; taken for a success, an update or assign would be reported done while nothing
 * happened. Null for any other answer.
 */
/** A success status whose body is a web page, not OneFile's JSON. */
export function isWebPage(answer: Exchange): boolean {
  return answer.status >= 200 && answer.status < 300 && answer.text.trimStart().startsWith('<');
}

export function webPageAnswer(answer: Exchange, context: AnswerContext): OneFileError | null {
  if (!isWebPage(answer)) return null;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(answer.text)?.[1]?.trim();
  const named = title ? ` ("${context.redact(shortenServerText(title))}")` : '';
  return new OneFileError({
    // A call no guide documents answered with a page (a web app's fallback route) is one OneFile does not offer.
    kind: context.optional ? 'unsupported' : 'bad-response',
    endpoint: context.route,
    status: answer.status,
    mayHaveApplied: context.isWrite,
    causeCode: 'web-page',
    message: context.redact(
      `The answer to ${context.route} was a web page${named}, not OneFile's: something between this computer and OneFile (a proxy, a sign-in or maintenance page) answered in its place. ` +
        (context.isWrite
          ? 'The change may or may not have been made: the importer checks OneFile before sending it again.'
          : 'Nothing was written. Try again later; if it keeps happening, check the environment\'s address and your network\'s proxy.'),
    ),
  });
}

export function badResponse(context: AnswerContext, what: string, status?: number): OneFileError {
  const applied = context.isWrite && status !== undefined && status >= 200 && status < 300;
  return new OneFileError({
    kind: context.optional ? 'unsupported' : 'bad-response',
    endpoint: context.route,
    status,
    mayHaveApplied: applied,
    message: context.redact(
      `OneFile's answer to ${context.route} ${what}. ` +
        (applied
          ? 'OneFile accepted the change but its answer could not be read: the importer checks OneFile before sending it again.'
          : `${context.isWrite ? 'Nothing was written. ' : ''}Check the environment's address points at OneFile; if it does, OneFile's API may differ from what the importer expects: ` +
            'run the probe (onefile-import probe) and contact OneFile support with this message.'),
    ),
  });
}

/**
 * OneFile's validation answer: `{"code": -57, "message": "..."}`, keys in any case [seen].
 * Other shapes an ASP.NET API answers are read for their words too [assume]: ASP.NET Web
 * API's `{"Message": "The request is invalid.", "ModelState": {"user.Email": ["..."]}}`,
 * ASP.NET Core's problem details `{"title": ..., "detail": ..., "errors": {"Email": [...]}}`
 * and `{"error": {"message": ...}}`: the refusals told apart by their words (refusals.ts:
 * an email another user has, an assignment there already) are found in any of them.
 */
/** A search's route, paged or not: `POST User/Search`, `POST User/Search/{page}/{size}`. */
export function isSearchRoute(route: string): boolean {
  return /^POST \w+\/Search(?:\/\{page\}\/\{size\})?$/i.test(route);
}

/** Words of a 404 saying a search found nothing ("No records found.", "No users match the criteria"). */
const NONE_FOUND = /\b(?:no|zero)\s+(?:\w+\s+){0,2}?(?:records?|results?|rows?|users?|learners?|items?|data|match(?:es)?|entries|class(?:es|rooms?)|placements?|standards?|units?|aims?|summar(?:y|ies))\b|\bnothing (?:was )?found\b/i;
/** Words of a 404 saying the address itself is unknown (ASP.NET's "No HTTP resource was found that matches the request URI"). */
const NO_SUCH_ADDRESS = /\bHTTP resource\b|\brequest URI\b|\broute\b|\bendpoint\b|\baction\b|\bcontroller\b/i;

/**
 * How a 404 to a search reads [assume: an API may read no rows as not found]: `said`
 * where its words say nothing was found ("No records found."); `bare` where it says
 * nothing either way (no body, "Not Found"): the search's "nothing found" where its route
 * has answered before (it exists), yet it may be a stray one (a gateway between two
 * servers, one restarting), so the caller asks once more before believing it (see
 * ApiCaller.call). Undefined where the answer may be a server's "no such address": a web
 * page, or words naming the address (a route, a resource, the request URI). Read as
 * empty, a search whose route is missing would look empty, and every learner new.
 */
export function noneFoundReading(answer: Exchange): 'said' | 'bare' | undefined {
  if (answer.status !== 404) return undefined;
  const text = answer.text.trim();
  if (text.startsWith('<')) return undefined;
  const { message } = serverDetails(text, (said) => said);
  if (message !== undefined && NO_SUCH_ADDRESS.test(message)) return undefined;
  return message !== undefined && NONE_FOUND.test(message) ? 'said' : 'bare';
}

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
  const error = find('error');
  const said = [find('message'), find('detail'), find('title'), typeof error === 'object' && error !== null ? (error as Record<string, unknown>).message : error].find((text) => typeof text === 'string' && text.trim() !== '');
  const words = [said as string | undefined, ...fieldMessages(find('modelstate') ?? find('errors'))].filter((text) => text !== undefined);
  return {
    code: typeof code === 'number' && Number.isInteger(code) ? code : typeof code === 'string' && /^-?\d+$/.test(code) ? Number(code) : undefined,
    message: words.length > 0 ? redact(shortenServerText(words.join(' '))) : undefined,
  };
}

/** A validation answer's messages by field (`{"Email": ["is in use"]}`, or a list of `{message}`): "Email: is in use". */
function fieldMessages(value: unknown): string[] {
  const text = (item: unknown) => (typeof item === 'string' ? item : item && typeof item === 'object' ? (item as Record<string, unknown>).message ?? (item as Record<string, unknown>).Message : undefined);
  const texts = (item: unknown) => (Array.isArray(item) ? item.map(text) : [text(item)]).filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  if (Array.isArray(value)) return texts(value).slice(0, 5);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>)
    .flatMap(([field, item]) => texts(item).map((said) => (field ? `${field}: ${said}` : said)))
    .slice(0, 5);
}

/**
 * A refusal sent with a success status: `{code, message}` (keys in any case, and nothing
 * else but perhaps a details key) with a negative integer code, as a 400's body is
 * [seen]. An API putting its errors in the body may answer it with 200 [assume]; taken
 * for a success, an update, Assign or template would be reported done while OneFile did
 * nothing. Null for every other answer (a record, an ID, an array, nothing).
 */
export function refusalInSuccess(answer: Exchange, context: AnswerContext, value?: unknown): OneFileError | null {
  if (answer.status < 200 || answer.status >= 300) return null;
  let body = value;
  if (body === undefined) {
    const text = answer.text.trim();
    if (!text.startsWith('{') || text.length > 20_000) return null;
    try {
      body = JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const keys = Object.keys(body).map((key) => key.toLowerCase());
  if (keys.includes('id') || !keys.includes('message')) return null;
  const code = Object.entries(body).find(([key]) => key.toLowerCase() === 'code')?.[1];
  const negative = (typeof code === 'number' && Number.isInteger(code)) || (typeof code === 'string' && /^-\d+$/.test(code)) ? Number(code) < 0 : false;
  if (!negative) return null;
  return errorForAnswer({ ...answer, status: 400 }, context, answer.status);
}

/**
 * The OneFileError for an answer that is not a success. Every message says which call,
 * what OneFile answered, whether anything was written, and what the user can do next;
 * "correct the value" only where the call carried the user's own values.
 */
export function errorForAnswer(answer: Exchange, context: AnswerContext, sentStatus = answer.status): OneFileError {
  const { status } = answer;
  const { route, redact } = context;
  const details = serverDetails(answer.text, redact);
  const said = details.message ? `: "${details.message}"` : '';
  const codeText = details.code !== undefined ? `, code ${details.code}` : '';
  // A refusal sent as a success says so: the status OneFile really sent is the one named.
  const answered = sentStatus === status ? `HTTP ${status}${codeText}${said}` : `HTTP ${sentStatus} carrying a refusal${codeText}${said}`;
  const base = { endpoint: route, status: sentStatus, code: details.code, oneFileMessage: details.message };
  const nothingWritten = context.isWrite ? ' Nothing was written.' : '';
  const apiDiffers =
    'This OneFile answers differently from what the importer expects: run the probe (onefile-import probe, or Check this OneFile on the Connect screen) ' +
    'and, if it does not explain it, contact OneFile support with this message.';
  if (context.optional) {
    return new OneFileError({
      ...base,
      kind: 'unsupported',
      message: redact(
        `OneFile does not offer ${route} here (${answered}). It is not in OneFile's guides, so the importer carries on without it.${nothingWritten}`,
      ),
    });
  }
  if (status === 404) {
    return new OneFileError({
      ...base,
      kind: 'not-found',
      message: redact(
        `OneFile has no such record for ${route} (${answered}).${nothingWritten} Check that the record still exists in this organisation and environment; ` +
          'if it does, run the probe (onefile-import probe).',
      ),
    });
  }
  if (status === 401 || status === 403) {
    return new OneFileError({
      ...base,
      kind: 'auth',
      message: redact(
        `OneFile refused the session for ${route} (HTTP ${status}).${nothingWritten} The customer token was refused or lacks permission: ` +
          'check the customer API token in Settings, or ONEFILE_CUSTOMER_TOKEN for the command line.',
      ),
    });
  }
  if (status === 405 || status === 501) {
    return new OneFileError({
      ...base,
      kind: 'unsupported',
      message: redact(`OneFile does not offer ${route} here (${answered}).${nothingWritten} ${apiDiffers}`),
    });
  }
  if (status >= 500) {
    return new OneFileError({
      ...base,
      kind: 'server',
      mayHaveApplied: context.isWrite,
      message: redact(
        (status === 503 ? `OneFile was unavailable for ${route} (${answered}). ` : `OneFile had an internal error answering ${route} (${answered}). `) +
          (context.isWrite
            ? 'The change may or may not have been made: the importer checks OneFile before sending it again. If it keeps happening, try again later.'
            : 'Nothing was written. Try again later; if it keeps happening, run the probe (onefile-import probe).'),
      ),
    });
  }
  if (status >= 400) {
    return new OneFileError({
      ...base,
      kind: 'validation',
      message: redact(
        `OneFile rejected ${route} (${answered}).${nothingWritten} ` +
          (context.userValues ? 'Correct the value it names and try again.' : `The importer sent only IDs it read from OneFile, so no value of yours is at fault. ${apiDiffers}`),
      ),
    });
  }
  if (status >= 300 && status < 400 && context.isWrite) {
    // A redirect (a sign-in page's, a moved address's): whether the write reached OneFile first cannot be told.
    return new OneFileError({
      ...base,
      kind: 'bad-response',
      mayHaveApplied: true,
      message: redact(
        `OneFile's answer to ${route} was a redirect (HTTP ${status}), not an answer: the change may or may not have been made, and the importer checks OneFile before sending it again. ` +
          "If it keeps happening, check the environment's address points at OneFile's API.",
      ),
    });
  }
  return badResponse(context, `had an unexpected HTTP status ${status}`, status);
}
