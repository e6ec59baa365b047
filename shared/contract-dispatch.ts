import { errorReason } from './app-error';
import { readDiskRefusal } from './disk-refusal';
import type { z } from 'zod';
import { methods, type ServiceHandlers } from './contract';
import { isMethodName } from './contract-names';
import type { ContractErrorInfo, Envelope } from './contract-envelope';

/**
 * The one place a call crossing into main is checked and answered. Both faces use it:
 * Electron's `ipcMain.handle` loop (`main/app/ipc`) and the browser-mode host
 * (`main/host`). It parses the input with the method's schema, calls the handler and
 * wraps the outcome in an envelope, so a failure arrives in the view with its method,
 * field and hint intact (Electron would otherwise flatten a thrown error to
 * "Error invoking remote method ...").
 */

export { ContractError, type ContractErrorCode, type ContractErrorInfo, type Envelope } from './contract-envelope';

export interface DispatcherOptions {
  /** Removes secrets (the customer token) from any message before it leaves main. */
  redact?: (text: string) => string;
}

export type Dispatch = (method: string, input: unknown) => Promise<Envelope>;

/** Describes the first problem zod found, naming the method and the field. */
export function describeInputProblem(method: string, error: z.ZodError): ContractErrorInfo {
  const issue = error.issues[0];
  let field = issue?.path.map(String).join('.') ?? '';
  if (!field && issue && issue.code === 'unrecognized_keys') field = issue.keys.join(', ');
  const where = field ? `"${field}"` : 'its argument';
  const what = issue?.code === 'unrecognized_keys' ? 'is not a field this method takes' : (issue?.message ?? 'is not valid');
  return {
    method,
    code: 'invalid-input',
    field: field || undefined,
    message: `${method} was called with a malformed argument: ${where} ${what}.`,
  };
}

/** The calls that start, steer or carry on an import or an undo: a disk refusing them may leave a run stopped part-way. */
const RUN_METHODS: ReadonlySet<string> = new Set(['startRun', 'pauseRun', 'resumeRun', 'cancelRun', 'resumeFromHistory', 'startUndo']);

function errorText(method: string, error: unknown): { message: string; hint?: string; reason?: string } {
  const disk = readDiskRefusal(error);
  if (disk) {
    const remedy = {
      full: 'Free some space on that disk, then try again',
      unavailable: 'Reconnect it (or give the importer a data folder on this computer), then try again',
      locked: 'Close it in the program that has it open (often Excel), then try again',
      'read-only': 'Give the importer a data folder you can write to, then try again',
      'no-permission': 'Give the importer a data folder you can write to, then try again',
    }[disk.kind];
    const stopped = RUN_METHODS.has(method) ? ' An import it stopped is in History, ready to carry on without creating anything twice.' : '';
    return { message: disk.problem, hint: `${remedy}.${stopped}`, reason: `disk-${disk.kind}` };
  }
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    const reason = errorReason(error);
    return { message: error.message, hint: typeof hint === 'string' && !error.message.includes(hint) ? hint : undefined, ...(reason ? { reason } : {}) };
  }
  return { message: String(error) };
}

export function createDispatcher(handlers: ServiceHandlers, options: DispatcherOptions = {}): Dispatch {
  const redact = options.redact ?? ((text: string) => text);
  return async (name, rawInput) => {
    if (!isMethodName(name)) {
      return {
        ok: false,
        error: { method: String(name).slice(0, 80), code: 'unknown-method', message: `There is no method called "${String(name).slice(0, 80)}".` },
      };
    }
    const parsed = methods[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: describeInputProblem(name, parsed.error) };
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      const { message, hint, reason } = errorText(name, error);
      return {
        ok: false,
        error: { method: name, code: 'failed', message: redact(message), hint: hint === undefined ? undefined : redact(hint), ...(reason ? { reason } : {}) },
      };
    }
  };
}
