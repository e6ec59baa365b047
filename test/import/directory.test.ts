import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coversNeeds, directoryNeeds } from '../../main/import/directory/needs';
import { ROLE } from '../../main/import/plan/types';
import { DIRECTORY_STEP_COUNT, downloadDirectory, type DirectoryProgress } from '../../main/import/directory/download';
import { directoryCachePath, loadDirectory, readCachedDirectory } from '../../main/import/directory/cache';
import { GUIDE } from '../../main/sandbox';
import { startSandboxWithClient, type SandboxWithClient } from './sandbox-fixture';

const SECRET_TOKEN = 'customer-token-that-must-never-be-written-9f3a';

describe('the organisation directory', () => {
  let fixture: SandboxWithClient;
  let folder: string;

  beforeAll(async () => {
    fixture = await startSandboxWithClient({ customerToken: SECRET_TOKEN });
    folder = await mkdtemp(join(tmpdir(), 'directory-cache-'));
  });
  afterAll(async () => {
    await fixture.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('downloads classes, placements, staff by role, learners, standards, units and templates in a few paged calls', async () => {
    const from = fixture.sandbox.calls.length;
    const progress: DirectoryProgress[] = [];
    const directory = await downloadDirectory(fixture.client, GUIDE.business, { onProgress: (p) => progress.push(p) });

    expect(directory.classrooms).toContainEqual({ id: GUIDE.businessAdminL2, name: 'Business Admin L2', misid: 'BAD1' });
    expect(directory.placements).toContainEqual({ id: GUIDE.btManchester, name: 'BT - Manchester', misid: 'BT54810A' });
    const james = directory.staff.find((u) => u.id === GUIDE.jamesFayre);
    expect(james).toMatchObject({ role: 5, firstName: 'James', lastName: 'Fayre', misid: 'JFAYE51P' });
    expect(new Set(directory.staff.map((u) => u.role))).toEqual(new Set([4, 5, 10, 40, 45]));

    const learnersInSandbox = fixture.sandbox.store.all('users').filter((u) => u.OrganisationID === GUIDE.business && u.Role === 1);
    expect(directory.learners).toHaveLength(learnersInSandbox.length);
    expect(directory.learners.filter((l) => l.archived)).toHaveLength(learnersInSandbox.filter((u) => u.Archived).length);
    const gemma = directory.learners.find((l) => l.id === GUIDE.gemmaHall)!;
    expect(gemma).toMatchObject({ misid: 'GHALL391', uln: '9276308686', email: 'gemma.hall@learner.example.com' });
    expect(gemma.record.ClassroomID).toBe(GUIDE.businessAdminL2);

    expect(directory.standards.map((s) => s.id)).toEqual([4001, 4002, 4003, 4004, 4005, 4006]);
    expect(directory.units).toContainEqual({ id: 'KS_COMM1', title: 'Communications: written and verbal', standardId: 4001 });
    expect(directory.templates.map((t) => t.id)).toEqual([801, 802, 803, 804]);
    // A template's contents (GET FrameworkTemplate/{id}, in no guide) are not read with the directory:
    // the plan asks only where a row needs them (plan/template-contents.ts).
    expect(directory.templates.find((t) => t.id === 803)?.standardIds).toBeNull();

    // Every call counted, none wasted: searches only, no per-user reads. Staff and learners (matched, so their
    // email and ULN are needed) through the paged search of 500 rows; the rest unpaged, one call each.
    const routes = fixture.callsSince(from).filter((r) => r !== 'POST Authentication');
    expect(directory.calls).toBe(routes.length);
    expect(routes.every((r) => /^POST \w+\/Search(\/\{page\}\/\{size\})?$/.test(r))).toBe(true);
    expect(fixture.sandbox.calls.slice(from).some((c) => c.path.endsWith('/1/500'))).toBe(true);
    expect(routes.filter((r) => r === 'POST Classroom/Search' || r === 'POST Placement/Search' || r === 'POST Standard/Search')).toHaveLength(3);
    // Each paged search ends on an empty page (a short page is not the end); 1,000 learners take 2,000 calls:
    // the whole directory stays well under 1% of that.
    expect(directory.calls).toBeLessThanOrEqual(18);
    expect(progress.at(-1)?.calls).toBe(directory.calls);
    expect(progress.at(-1)?.stepsDone).toBe(DIRECTORY_STEP_COUNT);
    expect(progress.map((p) => p.stepsDone)).toEqual([...progress.map((p) => p.stepsDone)].sort((a, b) => a - b));
  });

  it('reads the kinds of record side by side, not one after another, and ends with the same directory', async () => {
    let inFlight = 0;
    let peak = 0;
    /** A search whose pages are counted while they are being fetched. */
    const watched = <A extends unknown[], T>(search: (...args: A) => AsyncGenerator<T, void, undefined>) =>
      async function* (...args: A): AsyncGenerator<T, void, undefined> {
        const pages = search(...args);
        for (;;) {
          peak = Math.max(peak, ++inFlight);
          let page: IteratorResult<T, void>;
          try {
            page = await pages.next();
          } finally {
            inFlight--;
          }
          if (page.done) return;
          yield page.value;
        }
      };
    const client = fixture.client;
    const counted = {
      ...client,
      searchClassrooms: watched(client.searchClassrooms),
      searchPlacements: watched(client.searchPlacements),
      searchUsers: watched(client.searchUsers),
      searchStandards: watched(client.searchStandards),
      searchUnits: watched(client.searchUnits),
      searchFrameworkTemplates: watched(client.searchFrameworkTemplates),
    };
    const sideBySide = await downloadDirectory(counted, GUIDE.business);
    // Classes, placements, five staff roles, learners, standards and templates all start at once.
    expect(peak).toBeGreaterThanOrEqual(6);
    const again = await downloadDirectory(client, GUIDE.business);
    expect({ ...sideBySide, fetchedAt: '' }).toEqual({ ...again, fetchedAt: '' });
  });

  it('reads only the kinds of record a file names, each unpaged kind in one call, and always the learners', async () => {
    const from = fixture.sandbox.calls.length;
    // An MIS export naming an assessor, a class and a placement.
    const needs = directoryNeeds(['FirstName', 'LastName', 'Email', 'MISID', 'Assessor', 'Classroom', 'Placement'], [ROLE.Learner]);
    const directory = await downloadDirectory(fixture.directoryClient, GUIDE.business, { needs });
    const routes = fixture.callsSince(from);
    expect(routes.filter((r) => r === 'POST Classroom/Search')).toHaveLength(1);
    expect(routes.filter((r) => r === 'POST Placement/Search')).toHaveLength(1);
    // Assessors and trainee assessors (both may be a learner's assessor): one unpaged call each.
    expect(fixture.sandbox.calls.slice(from).filter((c) => c.route === 'POST User/Search').map((c) => (c.body as { Role: number }).Role).sort()).toEqual([4, 5]);
    // Learners: the paged search (its rows carry email and ULN), 420 in one page of 500 and the empty page after it.
    expect(routes.filter((r) => r === 'POST User/Search/{page}/{size}')).toHaveLength(2);
    expect(routes.some((r) => /Standard|Unit|FrameworkTemplate/.test(r))).toBe(false);
    expect(directory.calls).toBe(6);
    expect(directory.staff.every((u) => u.role === 5 || u.role === 4)).toBe(true);
    expect(directory.read).toEqual(needs);
  });

  it('reads a cached directory only when it holds every kind now needed', async () => {
    const cache = { folder, environmentKey: 'needs-test', maxAgeMs: 10 * 60_000 };
    const few = directoryNeeds(['Classroom'], [ROLE.Learner]);
    await loadDirectory({ client: fixture.client, organisationId: GUIDE.business, cache, needs: few });
    expect((await loadDirectory({ client: fixture.client, organisationId: GUIDE.business, cache, needs: few })).fromCache).toBe(true);
    // A Units column mapped since: the cached copy has no units, so it is read again.
    const more = directoryNeeds(['Classroom', 'Units'], [ROLE.Learner]);
    expect(coversNeeds(few, more)).toBe(false);
    const again = await loadDirectory({ client: fixture.client, organisationId: GUIDE.business, cache, needs: more });
    expect(again.fromCache).toBe(false);
    expect(again.directory.units.length).toBeGreaterThan(0);
  });

  it('reuses a young cached directory without calling OneFile, and says how old it is', async () => {
    let now = Date.parse('2025-09-01T09:00:00Z');
    const cache = { folder, environmentKey: fixture.sandbox.baseUrl, maxAgeMs: 10 * 60_000, clock: () => now };

    const first = await loadDirectory({ client: fixture.client, organisationId: GUIDE.business, cache });
    expect(first.fromCache).toBe(false);
    expect(first.callsSpent).toBe(first.directory.calls);

    now += 4 * 60_000;
    const before = fixture.sandbox.calls.length;
    const second = await loadDirectory({ client: fixture.client, organisationId: GUIDE.business, cache });
    expect(second.fromCache).toBe(true);
    expect(second.ageMs).toBe(4 * 60_000);
    expect(second.callsSpent).toBe(0);
    expect(second.directory.learners).toHaveLength(first.directory.learners.length);
    expect(fixture.sandbox.calls.length).toBe(before);

    const refreshed = await loadDirectory({ client: fixture.client, organisationId: GUIDE.business, cache, refresh: true });
    expect(refreshed.fromCache).toBe(false);
    expect(fixture.sandbox.calls.length).toBeGreaterThan(before);
  });

  it('downloads again once the cached copy is older than the maximum age', async () => {
    let now = Date.parse('2025-09-02T09:00:00Z');
    const cache = { folder, environmentKey: 'stale-test', maxAgeMs: 60_000, clock: () => now };
    await loadDirectory({ client: fixture.client, organisationId: GUIDE.business, cache });
    now += 61_000;
    expect(await readCachedDirectory(cache, GUIDE.business)).toBeNull();
    const again = await loadDirectory({ client: fixture.client, organisationId: GUIDE.business, cache });
    expect(again.fromCache).toBe(false);
  });

  it('keeps one cache file per environment and organisation, with no token in it', async () => {
    const cache = { folder, environmentKey: fixture.sandbox.baseUrl };
    await loadDirectory({ client: fixture.client, organisationId: GUIDE.care, cache, refresh: true });
    expect(directoryCachePath(cache, GUIDE.care)).not.toBe(directoryCachePath(cache, GUIDE.business));
    expect(directoryCachePath(cache, GUIDE.care)).not.toBe(directoryCachePath({ folder, environmentKey: 'beta' }, GUIDE.care));

    for (const name of await readdir(folder)) {
      const text = await readFile(join(folder, name), 'utf8');
      expect(text).not.toContain(SECRET_TOKEN);
      expect(text).not.toMatch(/token/i);
      expect(text).not.toContain(fixture.sandbox.baseUrl);
    }
  });
});
