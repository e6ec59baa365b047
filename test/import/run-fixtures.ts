import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createOneFileClient, type OneFileClient } from '../../main/onefile';
import { startSandbox, GUIDE, type RunningSandbox, type SandboxOptions } from '../../main/sandbox';
import type { ImportPlan, Operation, RowPlan } from '../../main/import/plan/types';
import { ASSIGN_LEVEL, ROLE } from '../../main/import/plan/types';

/**
 * Shared by the runner, resume and report tests: a sandbox on a fast rate window,
 * a client wired to it, and hand-built plans (the planner's contract) that exercise
 * every kind of operation against the sandbox's seeded organisation 5740.
 */

export const FAST_WINDOW = { rateLimit: 100, windowMs: 500 } as const;

export async function fastSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ ...FAST_WINDOW, seed: 7, ...options });
}

export function clientFor(sandbox: RunningSandbox) {
  return createOneFileClient({
    baseUrl: sandbox.baseUrl,
    customerToken: sandbox.customerToken,
    budgetPerMinute: FAST_WINDOW.rateLimit,
    windowMs: FAST_WINDOW.windowMs,
    retry: { baseDelayMs: 5 },
    requestTimeoutMs: 5_000,
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A quick runner retry policy for tests: same logic, no long waits. */
export const FAST_RETRY = { attempts: 6, baseDelayMs: 5, maxDelayMs: 50 };

/**
 * Quick pauses between a check's looks for a record its search did not show, for tests
 * whose sandbox shows writes at once: without a witness (a resumed run's first checks) the
 * real pauses (SEARCH_LOOKS_MS, about 15 s) would be waited in full.
 */
export const FAST_LOOKS_MS: readonly number[] = [10, 20, 40, 80];

const CREATED = { createdByRow: true } as const;

/**
 * A new learner with a standard, two of its units and an extra assessor on the
 * learning aim; every fourth learner gets a framework template instead.
 */
export function newLearnerRow(n: number, tag: string): RowPlan {
  const row = n + 2;
  const misid = `${tag}${String(n).padStart(4, '0')}`;
  const operations: Operation[] = [
    {
      id: `${row}:create-user:${misid}`,
      kind: 'create-user',
      description: 'Create learner',
      role: ROLE.Learner,
      fields: {
        OrganisationID: GUIDE.business,
        Role: ROLE.Learner,
        FirstName: `Learner${n}`,
        LastName: `Test${tag}`,
        Email: `${misid.toLowerCase()}@learners.example.com`,
        MISID: misid,
        DefaultAssessorID: GUIDE.jamesFayre,
        ClassroomID: GUIDE.businessAdminL2,
        PlacementID: GUIDE.btManchester,
        DOB: '2005-03-04',
      },
      matchKey: { field: 'MISID', value: misid },
    },
  ];
  if (n % 4 === 3) {
    operations.push({
      id: `${row}:assign-template:802`,
      kind: 'assign-template',
      description: 'Assign framework template Customer Service Practitioner L2 with English',
      learner: CREATED,
      templateId: 802,
      templateName: 'Customer Service Practitioner L2 with English',
      onlyChangeAssigned: false,
      standardIds: [4002, 4005],
    });
  } else {
    operations.push(
      { id: `${row}:assign-standard:4001`, kind: 'assign-standard', description: 'Assign standard Business Administrator Level 3', learner: CREATED, standardId: 4001, standardTitle: 'Business Administrator Level 3' },
      { id: `${row}:assign-unit:KS_ORG1`, kind: 'assign-unit', description: 'Assign unit Organisational purpose and values', learner: CREATED, unitId: 'KS_ORG1', unitTitle: 'Organisational purpose and values', standardId: 4001 },
      { id: `${row}:assign-unit:KS_COMM1`, kind: 'assign-unit', description: 'Assign unit Communications: written and verbal', learner: CREATED, unitId: 'KS_COMM1', unitTitle: 'Communications: written and verbal', standardId: 4001 },
      {
        id: `${row}:assign-staff:${GUIDE.kateAnderson}:4001`,
        kind: 'assign-staff',
        description: 'Assign assessor Kate Anderson to Business Administrator Level 3',
        learner: CREATED,
        staffUserId: GUIDE.kateAnderson,
        staffName: 'Kate Anderson',
        staffRole: ROLE.Assessor,
        level: ASSIGN_LEVEL.LearningAim,
        standardId: 4001,
      },
    );
  }
  return { row, index: n, role: ROLE.Learner, action: 'create', name: `Learner${n} Test${tag}`, operations, problems: [] };
}

/** Gemma Hall (seeded) moved to the other class: one update. */
export function updateGemmaRow(n: number): RowPlan {
  return {
    row: n + 2,
    index: n,
    role: ROLE.Learner,
    action: 'update',
    matched: { userId: GUIDE.gemmaHall, by: 'MISID' },
    name: 'Gemma Hall',
    operations: [
      {
        id: `${n + 2}:update-user:${GUIDE.gemmaHall}`,
        kind: 'update-user',
        description: 'Update learner (class)',
        user: { existing: GUIDE.gemmaHall },
        changes: { ClassroomID: GUIDE.businessAdminL3 },
        before: { ClassroomID: GUIDE.businessAdminL2 },
      },
    ],
    problems: [],
  };
}

export function planOf(rows: RowPlan[]): ImportPlan {
  const writes = rows.reduce((sum, r) => sum + r.operations.length, 0);
  return {
    organisationId: GUIDE.business,
    rows,
    summary: {
      rows: rows.length,
      create: rows.filter((r) => r.action === 'create').length,
      update: rows.filter((r) => r.action === 'update').length,
      unchanged: rows.filter((r) => r.action === 'unchanged').length,
      blocked: rows.filter((r) => r.action === 'blocked').length,
      skipped: rows.filter((r) => r.action === 'skipped').length,
      assignments: { templates: 0, standards: 0, units: 0, staff: 0 },
      calls: { directory: 0, reads: 0, writes, total: writes },
      etaMs: 0,
      budgetPerMinute: FAST_WINDOW.rateLimit,
    },
  } as ImportPlan;
}

/** `count` new learners tagged `tag` (MISIDs `tag0000`...). */
export function learnersPlan(count: number, tag: string): ImportPlan {
  return planOf(Array.from({ length: count }, (_, n) => newLearnerRow(n, tag)));
}

/**
 * What OneFile holds for the learners with this tag, without IDs: one entry per
 * learner, sorted, so two runs' outcomes can be compared and duplicates show.
 */
export function learnersState(sandbox: RunningSandbox, tag: string) {
  const learners = sandbox.store.usersOf(GUIDE.business, 1).filter((u) => u.MISID?.startsWith(tag));
  return learners
    .map((u) => ({
      misid: u.MISID,
      name: `${u.FirstName} ${u.LastName}`,
      email: u.Email,
      aims: sandbox.store.learningAimsOf(u.ID).map((a) => a.StandardID).sort(),
      units: sandbox.store.unitSummariesOf(u.ID).map((s) => `${s.StandardID}/${s.UnitID}`).sort(),
      staff: sandbox.store.assignmentsOf(u.ID).map((a) => `${a.StaffID}@${a.Level}:${a.StandardID ?? ''}`).sort(),
    }))
    .sort((a, b) => String(a.misid).localeCompare(String(b.misid)));
}

/** Writes the sandbox received per route, lost answers included. */
export function writesByRoute(sandbox: RunningSandbox): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of sandbox.calls) {
    if (call.method !== 'POST' || /Search|Authentication/i.test(call.route)) continue;
    counts[call.route] = (counts[call.route] ?? 0) + 1;
  }
  return counts;
}

/** A learner made in OneFile by another program (the MIS's own sync, or someone by hand), not by this importer: their OneFile ID. */
export async function learnerMadeElsewhere(client: OneFileClient, learner: { misid: string; firstName: string; lastName: string }): Promise<number> {
  const user = await client.createUser({
    OrganisationID: GUIDE.business,
    Role: 1,
    FirstName: learner.firstName,
    LastName: learner.lastName,
    Email: `${learner.misid.toLowerCase()}@learners.example.com`,
    MISID: learner.misid,
    DefaultAssessorID: GUIDE.jamesFayre,
    ClassroomID: GUIDE.businessAdminL2,
    PlacementID: GUIDE.btManchester,
  });
  return user.ID;
}
