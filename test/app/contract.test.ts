import { describe, expect, it } from 'vitest';
import { methods } from '../../shared/contract';
import { createServiceClient } from '../../shared/contract-client';
import { ContractError, createDispatcher } from '../../shared/contract-dispatch';
import { EVENT_NAMES, METHOD_NAMES } from '../../shared/contract-names';
import { fakeRuntime } from '../host/fake-runtime';

/** The view's client over a dispatcher, as both faces wire it (minus the transport). */
function clientOver(runtime = fakeRuntime()) {
  const dispatch = createDispatcher(runtime.handlers, { redact: runtime.redact });
  const client = createServiceClient({
    invoke: (method, input) => dispatch(method, input),
    subscribe: (event, listener) => runtime.on(event, listener),
  });
  return { client, runtime };
}

describe('the service contract', () => {
  it('has a schema for every method name and nothing else', () => {
    expect(Object.keys(methods).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('gives the view a typed function per method that returns the value', async () => {
    const { client } = clientOver();
    expect(await client.getRows({ offset: 100, limit: 100 })).toEqual({ method: 'getRows', input: { offset: 100, limit: 100, filter: 'all' } });
    expect(await client.getState()).toEqual({ method: 'getState', input: {} });
  });

  it('throws a ContractError naming the method and the field for a malformed call', async () => {
    const { client } = clientOver();
    const error = await client.getRows({ offset: 0, limit: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ method: 'getRows', field: 'limit', code: 'invalid-input' });
    expect((error as Error).message).toMatch(/^getRows was called with a malformed argument: "limit"/);
  });

  it("keeps the service's hint with its message, and the token out of both", async () => {
    const { client } = clientOver(
      fakeRuntime({
        openRecentFile: async () => {
          throw Object.assign(new Error('learners.xlsx is locked by cust-token-123456.'), { hint: 'Close it in Excel and try again.' });
        },
      }),
    );
    const error = (await client.openRecentFile({ id: 'abc' }).catch((e: unknown) => e)) as ContractError;
    expect(error.message).toBe('learners.xlsx is locked by [customer token].');
    expect(error.hint).toBe('Close it in Excel and try again.');
  });

  it('says a disk refusing a write in words, with what to do and a reason the window can act on', async () => {
    const { client } = clientOver(
      fakeRuntime({
        startRun: async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
        },
        openRecentFile: async () => {
          throw Object.assign(new Error("EROFS: read-only file system, open '/media/usb/data/x.json'"), { code: 'EROFS', path: '/media/usb/data/x.json' });
        },
        // A roaming profile's data folder on the college's file server, the connection gone.
        exportReport: async () => {
          throw Object.assign(new Error("EBUSY: resource busy or locked, open 'C:\\Reports\\results.xlsx'"), { code: 'EBUSY', path: 'C:\\Reports\\results.xlsx' });
        },
        saveProfile: async () => {
          throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO', syscall: 'write' });
        },
        resumeFromHistory: async () => {
          throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO', syscall: 'write' });
        },
      }),
    );
    const full = (await client.startRun({}).catch((e: unknown) => e)) as ContractError;
    expect([full.message, full.hint, full.reason]).toEqual([
      'The disk is full: a file in the data folder could not be written.',
      'Free some space on that disk, then try again. An import it stopped is in History, ready to carry on without creating anything twice.',
      'disk-full',
    ]);
    const readOnly = (await client.openRecentFile({ id: 'abc' }).catch((e: unknown) => e)) as ContractError;
    expect([readOnly.message, readOnly.reason]).toEqual(['The disk is read-only: /media/usb/data/x.json could not be written.', 'disk-read-only']);
    const locked = (await client.exportReport({ runId: '20250102T030405678Z-a1b2c3', kind: 'results', format: 'xlsx' }).catch((e: unknown) => e)) as ContractError;
    expect([locked.message, locked.hint, locked.reason]).toEqual([
      'Another program has C:\\Reports\\results.xlsx open (often Excel, a backup or a virus scan), so it could not be written.',
      // Writing a report stops no import: nothing to carry on in History.
      'Close it in the program that has it open (often Excel), then try again.',
      'disk-locked',
    ]);
    const gone = (await client.saveProfile({ name: 'Weekly' }).catch((e: unknown) => e)) as ContractError;
    expect([gone.message, gone.hint, gone.reason]).toEqual([
      'The disk or network folder that holds a file in the data folder stopped answering: it could not be written.',
      'Reconnect it (or give the importer a data folder on this computer), then try again.',
      'disk-unavailable',
    ]);
    const resumed = (await client.resumeFromHistory({ runId: '20250102T030405678Z-a1b2c3' }).catch((e: unknown) => e)) as ContractError;
    expect(resumed.hint).toBe('Reconnect it (or give the importer a data folder on this computer), then try again. An import it stopped is in History, ready to carry on without creating anything twice.');
  });

  it("asks for a run's report by kind: results, errors, or an undo's undo report; nothing else", async () => {
    const { client } = clientOver();
    expect(await client.exportReport({ runId: '20250102T030405678Z-a1b2c3', kind: 'undo', format: 'xlsx' })).toEqual({
      method: 'exportReport',
      input: { runId: '20250102T030405678Z-a1b2c3', kind: 'undo', format: 'xlsx' },
    });
    const error = await client.openReport({ kind: 'journal' as never, format: 'xlsx' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ method: 'openReport', field: 'kind', code: 'invalid-input' });
  });

  it('subscribes to the allowlisted events only', () => {
    const { client, runtime } = clientOver();
    const seen: string[] = [];
    const stop = client.on('notification', (event) => seen.push(event.title));
    runtime.hub.emit('notification', { level: 'info', title: 'Saved', message: '' });
    stop();
    runtime.hub.emit('notification', { level: 'info', title: 'After', message: '' });
    expect(seen).toEqual(['Saved']);
    expect(EVENT_NAMES).toEqual(['state', 'progress', 'run-state', 'notification']);
    expect(() => client.on('onefile:connect' as never, () => undefined)).toThrow(/no event called/);
  });
});
