import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runProbe } from '../../main/cli/probe-command';
import { runImport } from '../../main/cli/import-command';
import { readFindings } from '../../main/import/environment/findings';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../main/sandbox';
import { MOST_PROBE_CALLS, type ProbeReport } from '../../main/onefile/probe';
import { capturedIo, lastJson } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';

/**
 * The probe against the sandbox playing each way OneFile may differ from its guides:
 * it reports each one, sends no write, stays within its call budget, and what it
 * finds changes what later imports do.
 */

const sandboxes: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

async function probe(switches: SandboxOptions, dir = tempDir('probe-')) {
  const sandbox = await startSandbox({ windowMs: 500, ...switches });
  sandboxes.push(sandbox);
  const io = { ...capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }) };
  const code = await runProbe({ env: sandbox.baseUrl, org: 5740, json: true, dataDir: dir }, io);
  const report = lastJson(io.stdout) as ProbeReport & { savedTo: string };
  const finding = (check: string) => report.findings.find((f) => f.check === check)!;
  return { sandbox, code, report, finding, dir, said: io.stdout.join('') + io.stderr.join('') };
}

function writesIn(sandbox: RunningSandbox) {
  return sandbox.calls.filter((c) => c.method === 'POST' && !/\/Search(\/|$)|Authentication/i.test(c.path));
}

describe('the probe', () => {
  it('finds the guides as written in the default sandbox, sends no write and at most 30 calls', async () => {
    const { sandbox, code, report, finding } = await probe({});
    expect(code).toBe(0);
    expect(report).toMatchObject({ completed: true, writes: 0, organisation: { id: 5740 }, archivedLearners: 'returned', learnerRowsCarry: { email: true, uln: true } });
    // Every user of the organisation (fewer than a page of 500) came in one page: pages that size are served whole.
    expect(report.knowledge.servesWhole).toBeGreaterThan(400);
    expect(report.knowledge).toMatchObject({ templateContents: 'available' });
    expect(writesIn(sandbox)).toEqual([]);
    expect(sandbox.calls.length).toBe(report.calls);
    expect(report.calls).toBeLessThanOrEqual(MOST_PROBE_CALLS);
    for (const check of ['sign-in', 'organisations', 'page-numbering', 'page-cap', 'learner-rows', 'staff-rows', 'classroom-rows', 'placement-rows', 'standard-rows', 'unit-rows', 'template-rows', 'template-contents', 'archived', 'programme-searches', 'user-record', 'rate-headers', 'latency', 'unpaged-cap', 'answer-keys']) {
      expect(finding(check), check).toBeDefined();
    }
    expect(finding('page-cap').status).toBe('as-expected');
    // The learners counted (one page): a cap set before the first import cannot end their search early.
    expect(finding('learner-count')).toMatchObject({ status: 'as-expected', found: `${sandbox.store.usersOf(5740, 1).length} learners` });
    expect(report.knowledge.listSizes).toEqual({ '5740:learners': sandbox.store.usersOf(5740, 1).length });
    expect(finding('page-numbering')).toMatchObject({ status: 'as-expected', found: 'pages start at 1, as documented' });
    expect(report.knowledge.pageBase).toBe(1);
    expect(finding('unpaged-cap').status).toBe('as-expected');
    expect(finding('answer-keys').status).toBe('as-expected');
    expect(finding('template-contents').status).toBe('as-expected');
  });

  it("sees answers keyed in .NET's camel case, and reads them all the same", async () => {
    const { code, report, finding } = await probe({ answerKeys: 'camel' });
    expect(code).toBe(0);
    expect(finding('answer-keys')).toMatchObject({ status: 'differs' });
    expect(finding('answer-keys').found).toMatch(/misid for MISID|id for ID/);
    expect(finding('learner-rows').status).toBe('as-expected');
    expect(report.learnerRowsCarry).toEqual({ email: true, uln: true });
  });

  it('measures a page cap of 50', async () => {
    const { report, finding } = await probe({ pageCap: 50 });
    expect(report.knowledge).toMatchObject({ pageCap: 50, pageSize: 50 });
    expect(finding('page-cap')).toMatchObject({ status: 'differs' });
    expect(finding('page-cap').found).toContain('serves at most 50 rows a page');
  });

  for (const status of [404, 405, 400, 403, 500] as const) {
    it(`finds that a template's contents cannot be read when GET FrameworkTemplate/{id} answers ${status}`, async () => {
      const { report, finding, sandbox } = await probe({ templateDetail: status });
      expect(report.knowledge.templateContents).toBe('unavailable');
      expect(finding('template-contents')).toMatchObject({ status: 'differs', found: 'not offered (refused)' });
      expect(finding('sign-in').status).toBe('as-expected');
      expect(writesIn(sandbox)).toEqual([]);
    });
  }

  it('sees template rows named by Title, learner rows without email or ULN, archived learners hidden, a quoted token and rate-limit headers', async () => {
    const { report, finding } = await probe({ templateNameKey: 'Title', pagedUserRows: 'brief', archivedUsers: 'hidden', quotedToken: true, rateHeaders: true });
    expect(finding('template-rows').found).toContain('Title');
    expect(report.learnerRowsCarry).toEqual({ email: false, uln: false });
    expect(finding('learner-rows')).toMatchObject({ status: 'differs' });
    expect(finding('learner-rows').action).toContain('each new learner is looked up by email before it is created');
    expect(report.archivedLearners).toBe('not-seen');
    expect(finding('sign-in')).toMatchObject({ status: 'differs' });
    expect(finding('rate-headers')).toMatchObject({ status: 'differs' });
    expect(finding('rate-headers').found).toContain('x-ratelimit-limit: 100');
  });

  it('sees a session token answered in a JSON object', async () => {
    const { finding } = await probe({ tokenInObject: true });
    expect(finding('sign-in')).toMatchObject({ status: 'differs', found: 'the session token came in a JSON object ({"TokenID": "..."})' });
  });

  it('sees a session token answered in an X-TokenID header beside a body that is not one, and never shows either', async () => {
    const { report, finding, sandbox, said } = await probe({ sessionTokenIn: 'header-and-expiry' });
    expect(finding('sign-in')).toMatchObject({ status: 'differs', found: 'the session token came in an X-TokenID answer header, not the body' });
    expect(finding('organisations').status).toBe('as-expected');
    const tokens = sandbox.sessionTokens();
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(said + JSON.stringify(report)).not.toContain(token);
  });

  it("sees OneFile answering only at /api/v2/, saves it, and an import then sends nothing to the address's /api/v2.1/", async () => {
    const { report, finding, sandbox, dir } = await probe({ apiVersions: 'v2' });
    expect(finding('api-path')).toMatchObject({ status: 'differs', found: expect.stringContaining('answers at /api/v2/') });
    expect(finding('organisations').status).toBe('as-expected');
    expect(report.knowledge.apiPath).toBe('/api/v2/');
    expect(readFindings(dir, sandbox.baseUrl)!.knowledge.apiPath).toBe('/api/v2/');

    const from = sandbox.calls.length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const file = tempDir('probe-file-') + '/learners.csv';
    fs.writeFileSync(file, 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement\r\nPRB002,Vic,Version,vic.version@example.com,James Fayre,Business Admin L2,BT - Manchester\r\n');
    expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, rateWindowMs: 500 }, io)).toBe(0);
    const calls = sandbox.calls.slice(from);
    expect(calls.filter((c) => !c.path.startsWith('/api/v2/'))).toEqual([]);
    expect(calls.filter((c) => c.route === 'POST User' && c.status === 200)).toHaveLength(1);
    expect(sandbox.store.usersOf(5740, 1).filter((u) => u.MISID === 'PRB002')).toHaveLength(1);
  });

  it('an import without a probe finds OneFile at /api/v2/ by itself, and the next import goes there at once', async () => {
    const sandbox = await startSandbox({ windowMs: 500, apiVersions: 'v2' });
    sandboxes.push(sandbox);
    const dir = tempDir('api-path-');
    const file = tempDir('api-path-file-') + '/learners.csv';
    fs.writeFileSync(file, 'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement\r\nPRB003,Val,Path,val.path@example.com,James Fayre,Business Admin L2,BT - Manchester\r\n');
    const importOnce = () => runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, rateWindowMs: 500 }, capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }));
    expect(await importOnce()).toBe(0);
    expect(sandbox.calls.filter((c) => c.path.startsWith('/api/v2.1/')).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['POST /api/v2.1/Authentication 404']);
    expect(readFindings(dir, sandbox.baseUrl)!.knowledge.apiPath).toBe('/api/v2/');
    const from = sandbox.calls.length;
    expect(await importOnce()).toBe(0);
    expect(sandbox.calls.slice(from).filter((c) => !c.path.startsWith('/api/v2/'))).toEqual([]);
    expect(sandbox.store.usersOf(5740, 1).filter((u) => u.MISID === 'PRB003')).toHaveLength(1);
  });

  it('against a OneFile refusing filters no guide names, finds every documented search as expected and says archived learners are unknown', async () => {
    const { report, finding, code } = await probe({ unknownFilters: 'refused' });
    expect(code).toBe(0);
    expect(finding('archived')).toMatchObject({ status: 'unknown' });
    expect(report.findings.filter((f) => f.status === 'failed')).toEqual([]);
    // As the finding says: the plan warns that a row about an archived learner would look new.
    expect(report.archivedLearners).toBe('not-seen');
    // The learners are counted as imports then ask for them: without the filter it refused.
    expect(finding('learner-count').status).toBe('as-expected');
    expect(report.knowledge.listSizes?.['5740:learners']).toBeGreaterThan(400);
  });

  it('finds pages numbered from 0, saves it, and an import then reads every learner from page 0: none created twice', async () => {
    const { report, finding, sandbox, dir } = await probe({ pageNumbering: 'from-0' });
    expect(finding('page-numbering')).toMatchObject({ status: 'differs', found: 'pages start at 0: page 1 is the second page' });
    expect(report.knowledge.pageBase).toBe(0);
    expect(report.calls).toBeLessThanOrEqual(MOST_PROBE_CALLS);
    expect(readFindings(dir, sandbox.baseUrl)!.knowledge.pageBase).toBe(0);

    const existing = sandbox.store.usersOf(5740, 1).find((u) => !u.Archived && u.MISID && u.Email)!;
    const file = tempDir('probe-file-') + '/learners.csv';
    fs.writeFileSync(file, `MIS ID,First Name,Last Name,Email,Assessor,Class,Placement\r\n${existing.MISID},${existing.FirstName},${existing.LastName},${existing.Email},James Fayre,Business Admin L2,BT - Manchester\r\n`);
    const from = sandbox.calls.length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, rateWindowMs: 500 }, io)).toBe(0);
    const learnerPages = sandbox.calls.slice(from).filter((c) => c.route === 'POST User/Search/{page}/{size}' && (c.body as { Role?: number }).Role === 1);
    expect(learnerPages[0].path).toMatch(/\/Search\/0\/\d+$/);
    expect(sandbox.calls.slice(from).filter((c) => c.route === 'POST User')).toEqual([]);
    expect(sandbox.store.usersOf(5740, 1).filter((u) => u.MISID === existing.MISID)).toHaveLength(1);
  });

  const FILTER_READINGS = [
    { textFilters: 'exact', status: 'as-expected', found: 'exactly, ignoring capitals' },
    { textFilters: 'case-sensitive', status: 'differs', found: 'case by case' },
    { textFilters: 'contains', status: 'differs', found: 'by "contains"' },
    { textFilters: 'ignored', status: 'differs', found: 'not at all' },
  ] as const;
  for (const reading of FILTER_READINGS) {
    it(`tells how a search compares a MIS ID: ${reading.textFilters}, in at most two calls`, async () => {
      const { report, finding, sandbox } = await probe({ textFilters: reading.textFilters });
      expect(finding('search-filters')).toMatchObject({ status: reading.status });
      expect(finding('search-filters').found).toContain(reading.found);
      expect(sandbox.calls.filter((c) => /User\/Search/i.test(c.path) && /"MISID"/.test(JSON.stringify(c.body ?? ''))).length).toBeLessThanOrEqual(2);
      expect(report.calls).toBeLessThanOrEqual(MOST_PROBE_CALLS);
      expect(writesIn(sandbox)).toEqual([]);
    });
  }

  it('says that rows creating learners are blocked where the search ignores the email and its rows show none', async () => {
    const { finding } = await probe({ textFilters: 'ignored', pagedUserRows: 'brief' });
    expect(finding('search-filters').action).toContain('rows that would create a learner are blocked');
  });

  it('reads learning aims through the paged route when the unpaged one is not served', async () => {
    const { finding } = await probe({ unpagedProgrammeSearch: false, programmeRows: 'documented' });
    expect(finding('programme-searches').status).toBe('as-expected');
  });

  it('saves its findings, and imports use them: the page size it measured and no template detail call it found refused', async () => {
    const { sandbox, dir, report } = await probe({ pageCap: 50, templateDetail: 405 });
    const findings = readFindings(dir, sandbox.baseUrl)!;
    expect(findings.knowledge).toMatchObject({ pageCap: 50, pageSize: 50, templateContents: 'unavailable' });
    expect(findings.probe?.calls).toBe(report.calls);

    const from = sandbox.calls.length;
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    const file = tempDir('probe-file-') + '/learners.csv';
    fs.writeFileSync(
      file,
      'MIS ID,First Name,Last Name,Email,Assessor,Class,Placement,Framework Template\r\nPRB001,Pat,Probe,pat.probe@example.com,James Fayre,Business Admin L2,BT - Manchester,Business Administrator L3 - 18 months\r\n',
    );
    expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, dryRun: true, rateWindowMs: 500 }, io)).toBe(0);
    const calls = sandbox.calls.slice(from);
    const paged = calls.filter((c) => /\/Search\/\d+\/\d+$/.test(c.path));
    // Pages of 50 straight away, and a page shorter than 50 ends a search: no restarts, and
    // one empty page only, the learners' (more than the probe counts: their number is not known yet).
    expect(paged.length).toBeGreaterThan(0);
    expect(paged.every((c) => c.path.endsWith('/50'))).toBe(true);
    expect(paged.filter((c) => c.status === 204).map((c) => (c.body as { Role?: number }).Role)).toEqual([1]);
    expect(findings.probe!.findings.find((f) => f.check === 'learner-count')?.status).toBe('unknown');
    // Now it is: the next import ends every search on a short page.
    const next = sandbox.calls.length;
    expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, dryRun: true, rateWindowMs: 500 }, capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken }))).toBe(0);
    expect(sandbox.calls.slice(next).filter((c) => /\/Search\/\d+\/\d+$/.test(c.path) && c.status === 204)).toEqual([]);
    // The template's contents are known not to be readable: never asked for.
    expect(calls.filter((c) => /FrameworkTemplate\/\d+$/.test(c.path))).toEqual([]);
    expect(JSON.parse(io.stdout.join('').trim().split('\n').at(-1)!).summary.notes.map((n: { code: string }) => n.code)).toContain('template-contents-unknown');
  });

  for (const largerPages of ['empty', 'refused'] as const) {
    it(`finds pages larger than 50 ${largerPages === 'empty' ? 'answered as an empty search' : 'refused'}, saves it, and an import then asks 50 at once and finds every learner`, async () => {
      const { sandbox, dir, code, finding } = await probe({ largestPageSize: 50, largerPages });
      expect(code).toBe(0);
      expect(finding('page-size')).toMatchObject({ status: 'differs', action: expect.stringMatching(/^The importer asks for at most 50 rows a page\./) });
      expect(finding('page-size').found).toMatch(largerPages === 'empty' ? /^a page of 500 came back empty; a page of 50 held 50 users$/ : /^pages of 500 and 100 rows were refused; a page of 50 held 50 users$/);
      expect(finding('page-cap').status).not.toBe('failed');
      expect(readFindings(dir, sandbox.baseUrl)!.knowledge.largestPageSize).toBe(50);

      const existing = sandbox.store.usersOf(5740, 1).filter((u) => !u.Archived && u.MISID && u.Email).at(-1)!;
      const file = tempDir('probe-file-') + '/learners.csv';
      fs.writeFileSync(file, `MIS ID,First Name,Last Name,Email,Assessor,Class,Placement\r\n${existing.MISID},${existing.FirstName},${existing.LastName},${existing.Email},James Fayre,Business Admin L2,BT - Manchester\r\n`);
      const from = sandbox.calls.length;
      const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
      expect(await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir: dir, json: true, rateWindowMs: 500 }, io), io.stderr.join('')).toBe(0);
      expect(lastJson(io.stdout)).toMatchObject({ created: 0, failed: 0 });
      const paged = sandbox.calls.slice(from).filter((c) => /\/Search\/\d+\/\d+$/.test(c.path));
      expect(paged.length).toBeGreaterThan(0);
      expect(paged.every((c) => c.path.endsWith('/50') && c.status !== 400)).toBe(true);
    });
  }

  it('says so and exits 2 when the organisation is not the customer\'s', async () => {
    const sandbox = await startSandbox({ windowMs: 500 });
    sandboxes.push(sandbox);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
    expect(await runProbe({ env: sandbox.baseUrl, org: 9999, dataDir: tempDir('probe-') }, io)).toBe(2);
    expect(io.stdout.join('')).toContain('Organisation 9999 is not one of them: check the organisation ID.');
  });

  it('says so and exits 2 when the customer token is refused', async () => {
    const sandbox = await startSandbox({ windowMs: 500 });
    sandboxes.push(sandbox);
    const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: 'not-the-token' });
    expect(await runProbe({ env: sandbox.baseUrl, dataDir: tempDir('probe-') }, io)).toBe(2);
    expect(io.stdout.join('')).toMatch(/FAILED\s+Sign-in with the customer token: OneFile refused the customer token/);
    expect(io.stdout.join('')).not.toContain('not-the-token');
  });
});


