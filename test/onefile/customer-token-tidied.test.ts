import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { runImport } from '../../main/cli/import-command';
import { createOneFileClient, OneFileError, tidyCustomerToken } from '../../main/onefile';
import { startSandbox, type RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson, learnerLine, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * A customer token as people hand it over: pasted with a space, read from a file saved on
 * Windows (`ONEFILE_CUSTOMER_TOKEN=$(cat token.txt)` keeps the CR of its CRLF), or with the
 * BOM Notepad writes. What surrounds it is no part of any token: it was refused as "a token
 * cannot have" it. A space inside one is still refused.
 */
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ windowMs: 500, rateLimit: 100 });
});
afterAll(() => sandbox.close());

describe('a customer token with what surrounds it', () => {
  it.each([
    ['a CR from a Windows file', (t: string) => `${t}\r`],
    ['spaces and a newline', (t: string) => `  ${t}\n`],
    ['a BOM', (t: string) => `\uFEFF${t}`],
  ])('%s: signs in as the token itself', async (_, dressed) => {
    const client = createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: dressed(sandbox.customerToken), windowMs: 500 });
    try {
      expect((await client.getCustomer()).ID).toBe(2070);
    } finally {
      await client.close();
    }
  });

  it('a space inside is refused, as before, and so is a token of nothing but spaces', () => {
    expect(() => createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: 'sandbox customer-token' })).toThrow(OneFileError);
    expect(() => createOneFileClient({ baseUrl: sandbox.baseUrl, customerToken: ' \r\n' })).toThrow(/empty or contains spaces/);
    expect(tidyCustomerToken('\uFEFF  abc-123\r\n')).toBe('abc-123');
  });

  it('the command line takes ONEFILE_CUSTOMER_TOKEN=$(cat token.txt) from a Windows file', async () => {
    const dir = tempDir('token-tidied-');
    const file = writeCsv(dir, 'learners.csv', [learnerLine('TOKCR', 1)]);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: `${sandbox.customerToken}\r` });
    expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, dryRun: true, json: true, rateWindowMs: 500 }, io), io.stderr.join('')).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ dryRun: true, organisation: { id: 5740 } });
  });

  it('the app connects with a token pasted with a space and a line break, and remembers the token itself', async () => {
    const store = createSessionTokenStore('session only');
    const remembered: string[] = [];
    const service = await createAppService({
      dataDir: mkdtempSync(path.join(tmpdir(), 'token-tidied-app-')),
      face: 'browser',
      tokenStore: {
        ...store,
        set: async (key, token) => {
          remembered.push(token);
          await store.set(key, token);
        },
      },
      budgetPerMinute: 100,
      windowMs: 500,
    });
    try {
      await service.handlers.connect({ environment: 'custom', customBaseUrl: sandbox.baseUrl, customerToken: ` ${sandbox.customerToken}\r\n`, rememberToken: true });
      expect((await service.handlers.getState({})).connection).toMatchObject({ customer: { id: 2070, name: 'Example Beta Customer' } });
      expect(remembered).toEqual([sandbox.customerToken]);
    } finally {
      await service.close();
    }
  });
});
