import type { OneFileClient } from '../../onefile/client';
import { collect } from '../../onefile/paging';
import { htmlEncodedForms } from '../../onefile/schemas';
import { toDirectoryUser } from '../directory/rows';
import { unpagedOrPages } from '../directory/unpaged';
import type { UserLookup } from './lookups';
import type { EnvironmentFacts } from './notes';
import type { TemplateContentsReading } from './template-contents';
import type { StandardsReader } from './standard-titles';
import type { DirectoryStandard, DirectoryUser } from '../directory/types';
import type { ProgrammeReader, UserReader } from './row';
import type { ExistingRecord } from './user';
import type { NewUserEmails } from '../../../shared/contract-run-types';

/**
 * The planner's reads through the OneFile client: a matched learner's programme (the
 * paged learning aim search, and the unit summaries only when the row names units;
 * each ends on an empty page unless the probe measured the page cap) and a matched
 * user's full record (one call).
 */

export type PlanReaderClient = Pick<OneFileClient, 'getUser' | 'searchLearningAims' | 'searchUnitSummaries' | 'searchStandards'> & Partial<Pick<OneFileClient, 'listStandards'>>;

export function createProgrammeReader(client: PlanReaderClient): ProgrammeReader {
  return async (learnerId, needs = { unitSummaries: true }) => {
    let calls = 0;
    const counted = { onCall: () => (calls += 1) };
    const [aims, summaries] = await Promise.all([
      client.searchLearningAims(learnerId, counted),
      needs.unitSummaries ? client.searchUnitSummaries(learnerId, counted) : Promise.resolve([]),
    ]);
    return {
      learningAims: aims.map((a) => ({
        ID: a.ID,
        StandardID: a.StandardID,
        FrameworkTemplateID: typeof a.FrameworkTemplateID === 'number' ? a.FrameworkTemplateID : null,
      })),
      unitSummaries: summaries.map((s) => ({ ID: s.ID, UnitID: s.UnitID, StandardID: s.StandardID ?? null })),
      calls,
    };
  };
}

export function createUserReader(client: PlanReaderClient): UserReader {
  return async (userId) => {
    const user = await client.getUser(userId);
    const record: ExistingRecord = {};
    for (const [key, value] of Object.entries(user)) {
      if (value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value)) record[key] = value as ExistingRecord[string];
    }
    return record;
  };
}

/**
 * The organisation's standards (the documented unpaged search, one call), for their names;
 * page by page where this OneFile cuts unpaged searches short or has none (see
 * downloadDirectory), and where the unpaged search is refused.
 */
export function createStandardsReader(
  client: Pick<OneFileClient, 'searchStandards'> & Partial<Pick<OneFileClient, 'listStandards' | 'unpagedSearch' | 'unpagedSearchSeen' | 'unpagedSeenWhole' | 'unpagedAnsweredWhole'>>,
  organisationId: number,
): StandardsReader {
  return async (onCall) => {
    const filter = { OrganisationID: organisationId };
    const pages = () => collect(client.searchStandards(filter, { onCall }));
    let rows;
    if (client.listStandards && client.unpagedSearch?.() === undefined) {
      onCall();
      const listStandards = client.listStandards;
      rows = (await unpagedOrPages(client, 'Standard', () => listStandards(filter), pages)).rows;
    } else rows = await pages();
    return rows.map((s): DirectoryStandard => ({ id: s.ID, title: s.Title.trim(), reference: typeof s.Reference === 'string' && s.Reference.trim() ? s.Reference.trim() : null }));
  };
}

/**
 * Looks users up by email (the documented `Email` filter), archived ones included:
 * the planner asks before creating where the directory's rows carry no email.
 */
export function createUserLookup(client: Pick<OneFileClient, 'searchUsers'>, organisationId: number): UserLookup {
  return async (email, role, onCall) => {
    // An email OneFile could hold encoded (`sophie.o&#39;connor@…`) is searched for in each such form too.
    const found = new Map<number, DirectoryUser>();
    for (const form of [email, ...htmlEncodedForms(email)]) {
      const rows = await collect(client.searchUsers({ OrganisationID: organisationId, Role: role, Email: form, IncludeArchived: true }, { onCall }));
      for (const row of rows) if (!found.has(row.ID)) found.set(row.ID, toDirectoryUser(row, role));
    }
    return [...found.values()];
  };
}

/**
 * Everything the planner reads through a connection, and what is known of its
 * environment: one call for both faces (the CLI's session and the app's service).
 */
/** Whether the probe's measurement of the rows a page OneFile serves whole stands (a shorter page then ends a search; onefile/paging.ts). */
function pagesMeasured(known: { pageCap?: number; servesWhole?: number }): boolean {
  return known.pageCap !== undefined || known.servesWhole !== undefined;
}

export function planReaders(
  connection: {
    client: PlanReaderClient & Pick<OneFileClient, 'searchUsers' | 'getFrameworkTemplate' | 'templateContentsAvailability'> & Partial<Pick<OneFileClient, 'templateApply' | 'userUpdates' | 'userFieldsKept' | 'limiter' | 'learnerEmail' | 'knowledge'>>;
    findings?: { facts: EnvironmentFacts; knowledge: { assignPath?: EnvironmentFacts['assignPath'] } };
  },
  organisation: { id: number; newUserEmails?: NewUserEmails },
): { readProgramme: ProgrammeReader; readUser: UserReader; lookUpUser: UserLookup; environment: EnvironmentFacts; templateContents: TemplateContentsReading; readStandards: StandardsReader } {
  const facts = connection.findings?.facts ?? {};
  const organisationId = organisation.id;
  return {
    readProgramme: createProgrammeReader(connection.client),
    readUser: createUserReader(connection.client),
    lookUpUser: createUserLookup(connection.client, organisationId),
    readStandards: createStandardsReader(connection.client, organisationId),
    templateContents: {
      read: (id) => connection.client.getFrameworkTemplate(id),
      knownUnavailable: () => connection.client.templateContentsAvailability() === 'unavailable',
    },
    environment: {
      ...facts,
      ...(organisation.newUserEmails ? { newUserEmails: organisation.newUserEmails } : {}),
      ...(connection.findings?.knowledge.assignPath ? { assignPath: connection.findings.knowledge.assignPath } : {}),
      // Learned by an earlier import (the client starts from the saved findings).
      ...(connection.client.templateApply?.() ? { templateApply: connection.client.templateApply() } : {}),
      ...(connection.client.userUpdates?.() ? { userUpdates: connection.client.userUpdates() } : {}),
      ...(connection.client.learnerEmail?.() ? { learnerEmail: connection.client.learnerEmail() } : {}),
      ...(connection.client.userFieldsKept ? { userFieldsKeptOnUpdate: connection.client.userFieldsKept('update') } : {}),
      ...(connection.client.knowledge?.().unpagedSearch ? { unpagedSearch: connection.client.knowledge().unpagedSearch } : {}),
      ...(connection.client.knowledge?.().unpagedSeenWhole !== undefined ? { unpagedSeenWhole: connection.client.knowledge().unpagedSeenWhole } : {}),
      ...(connection.client.knowledge?.().pagesShorterSinceProbe !== undefined ? { pagesShorterSinceProbe: connection.client.knowledge().pagesShorterSinceProbe } : {}),
      ...(connection.client.knowledge ? { pagesMeasured: pagesMeasured(connection.client.knowledge()) } : {}),
      ...(connection.client.limiter?.admitted !== undefined
        ? { admittedBudget: { calls: connection.client.limiter.admitted, budget: connection.client.limiter.configuredBudget } }
        : {}),
    },
  };
}
