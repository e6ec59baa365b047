import { afterAll, beforeAll } from 'vitest';
import { downloadDirectory, type Directory } from '../../main/import/directory/download';
import { createResolver } from '../../main/import/directory/resolve';
import { planImport, type PlanInput } from '../../main/import/plan/plan';
import { createProgrammeReader, createUserReader } from '../../main/import/plan/readers';
import { GUIDE } from '../../main/sandbox';
import type { SheetRows } from './rows';
import { startSandboxWithClient, type SandboxWithClient } from './sandbox-fixture';

/** A sandbox and the directory of the guide's business organisation in it. */
export interface PlanningSandbox {
  fixture: SandboxWithClient;
  directory: Directory;
}

/** A planning sandbox started before the test file's tests and closed after them (its fields are set once they start). */
export function planningSandbox(): PlanningSandbox {
  const held = {} as PlanningSandbox;
  beforeAll(async () => {
    held.fixture = await startSandboxWithClient();
    held.directory = await downloadDirectory(held.fixture.directoryClient, GUIDE.business);
  });
  afterAll(() => held.fixture.close());
  return held;
}

/** Plans a file into the business organisation as the app does, reading OneFile through the sandbox's client. */
export function planFile({ fixture, directory }: PlanningSandbox, file: SheetRows, options: Partial<PlanInput['options']> = {}, extra: Partial<PlanInput> = {}) {
  return planImport({
    rows: file.rows,
    validationIssues: file.issues,
    directory,
    resolver: createResolver(directory),
    readProgramme: createProgrammeReader(fixture.client),
    readUser: createUserReader(fixture.client),
    templateContents: { read: (id) => fixture.client.getFrameworkTemplate(id), knownUnavailable: () => fixture.client.templateContentsAvailability() === 'unavailable' },
    options: { organisationId: GUIDE.business, budgetPerMinute: 100, windowMs: 60_000, concurrency: 4, latencyMs: 300, ...options },
    ...extra,
  });
}
