import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStateEvent } from '../../shared/contract-types';
import { createAppService, type AppService } from '../../main/service/app-service';
import { createSessionTokenStore } from '../../main/service/token-store';
import { isAcceptedFile, SPREADSHEET_ACCEPT } from '../../renderer/src/accepted-files';
import { filesUnder } from '../import/cli-fixtures';
import { canariesIn, generateCentre, ilrXml } from '../ilr/ilr-generator';
import { writtenText } from '../ilr/written-text';

/**
 * The ILR file in the app, as a user takes it through the service: dropped (browser
 * mode's upload and the desktop drop both arrive as bytes), read with the ended
 * learners switched in and out, given the assessor and class every row needs, the
 * StdCode chosen once, and imported; the copy the app keeps holds only what it maps.
 */

let dataDir: string;
let service: AppService;
const centre = generateCentre({ learners: 30, tag: 'APP', employers: ['BT54810A'] });
const fresh = centre.filter((l) => l.kind === 'new');

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onefile-ilr-app-'));
  service = await createAppService({ dataDir, face: 'browser', tokenStore: createSessionTokenStore('session only'), budgetPerMinute: 100, windowMs: 500 });
  await service.handlers.connect({ environment: 'sandbox', rememberToken: false });
  await service.handlers.chooseOrganisation({ organisationId: 5740 });
});

afterAll(async () => {
  await service?.close();
});

describe('an ILR file in the app', () => {
  it('is a file the drop area accepts', () => {
    expect(isAcceptedFile('ILR-10012345-2425-20250106-090000-01.xml', '')).toBe(true);
    expect(isAcceptedFile('ilr.XML', 'text/xml')).toBe(true);
    expect(isAcceptedFile('ilr.xml', 'application/xml')).toBe(true);
    expect(Object.values(SPREADSHEET_ACCEPT).flat()).toContain('.xml');
    expect(isAcceptedFile('photo.png', 'image/png')).toBe(false);
  });

  it('opens as ILR, says what it left out, and reads the ended learners when switched on', async () => {
    const bytes = Buffer.from(ilrXml(centre.map((l) => l.spec), { canaries: true }), 'utf8');
    const view = await service.handlers.openFile({ fileName: 'ILR-10012345-2425-20250106-090000-01.xml', contentBase64: bytes.toString('base64') });
    expect(view).toMatchObject({ format: 'ilr', rows: fresh.length, ilr: { learners: 30, read: fresh.length, includeEnded: false } });

    const withEnded = await service.handlers.setReadOptions({ includeEndedLearners: true });
    expect(withEnded).toMatchObject({ rows: 24, ilr: { read: 24, includeEnded: true } });
    expect((await service.handlers.setReadOptions({ includeEndedLearners: false })).rows).toBe(fresh.length);

    // The copy the app keeps to read again holds only what the import maps.
    const kept = filesUnder(path.join(dataDir, 'uploads'));
    expect(kept).toHaveLength(1);
    const copy = readFileSync(kept[0], 'utf8');
    expect(copy).toContain('<GivenNames>');
    expect(canariesIn(copy)).toEqual([]);
    expect(copy).not.toContain('<Ethnicity>');
  });

  it('maps every column at 100 %, and takes one assessor and class for every row', async () => {
    const mapping = await service.handlers.getMapping({});
    expect(mapping.columns.every((c) => c.field !== null && c.confidence === 1)).toBe(true);
    expect(mapping.missingRequired.map((m) => m.field)).toEqual(['Assessor', 'Classroom']);
    await service.handlers.setEveryRow({ field: 'Assessor', value: 'Kate Anderson' });
    const done = await service.handlers.setEveryRow({ field: 'Classroom', value: 'Business Admin L2' });
    expect(done.missingRequired).toEqual([]);
    expect(done.everyRow).toEqual([
      { field: 'Assessor', label: 'Assessor', value: 'Kate Anderson' },
      { field: 'Classroom', label: 'Class', value: 'Business Admin L2' },
    ]);
  });

  it('asks once which standard StdCode 6 is, then imports the new apprentices', async () => {
    await service.handlers.checkReferences({ refresh: true });
    const unresolved = await service.handlers.listUnresolved({});
    expect(unresolved).toEqual([expect.objectContaining({ field: 'Standards', value: 'StdCode 6', rows: fresh.length })]);
    // A standard code is no name to compare: every standard of the organisation is offered.
    const offered = unresolved[0].suggestions.map((s) => s.name);
    expect(offered).toEqual(expect.arrayContaining(['Business Administrator Level 3', 'Customer Service Practitioner Level 2']));
    const chosen = unresolved[0].suggestions.find((s) => s.name.startsWith('Business Administrator Level 3'))!;
    const resolved = await service.handlers.resolveValue({ field: 'Standards', value: 'StdCode 6', id: chosen.id, remember: true });
    expect(resolved.counts).toMatchObject({ unresolvedValues: 0 });
    // Listed among the choices made, for every row holding the code.
    expect(await service.handlers.listChoices({})).toEqual([expect.objectContaining({ field: 'Standards', value: 'StdCode 6', rows: fresh.length })]);
    // Taken back, every row holding the code asks again (the cells say 6, the choice was saved for "StdCode 6").
    await service.handlers.undoChoice({ field: 'Standards', value: 'StdCode 6' });
    expect(await service.handlers.listUnresolved({})).toEqual([expect.objectContaining({ field: 'Standards', value: 'StdCode 6', rows: fresh.length })]);
    expect((await service.handlers.resolveValue({ field: 'Standards', value: 'StdCode 6', id: chosen.id, remember: true })).counts).toMatchObject({ unresolvedValues: 0 });

    const plan = await service.handlers.planImport({ skipInvalid: false });
    expect(plan).toMatchObject({ create: fresh.length, blocked: 0 });
    const ended = new Promise<RunStateEvent>((resolve) => {
      service.on('run-state', (event) => {
        if (['completed', 'failed', 'cancelled'].includes(event.state)) resolve(event);
      });
    });
    await service.handlers.startRun({});
    expect((await ended).totals).toMatchObject({ done: fresh.length, failed: 0 });

    // Nothing the app wrote holds the ILR's fields it does not map.
    const written = filesUnder(dataDir);
    expect(written.some((file) => file.endsWith('.xlsx'))).toBe(true);
    for (const file of written) {
      const text = await writtenText(file);
      expect(canariesIn(text), file).toEqual([]);
    }
    const [saved] = readdirSync(path.join(dataDir, 'profiles'));
    // Next month's ILR (the same columns) finds the assessor, class and StdCode choice by itself.
    const profile = JSON.parse(readFileSync(path.join(dataDir, 'profiles', saved), 'utf8'));
    expect(profile.everyRow).toEqual({ Assessor: 'Kate Anderson', Classroom: 'Business Admin L2' });
    expect(profile.values.Standards).toEqual({ 'StdCode 6': chosen.id });
  });
});
