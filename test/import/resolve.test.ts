import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadDirectory, type Directory } from '../../main/import/directory/download';
import { createUserMatcher } from '../../main/import/plan/match-learner';
import { listUnresolvedValues } from '../../main/import/plan/references';
import { roleOfRow } from '../../main/import/plan/plan';
import { createResolver, rememberResolution, type Resolution } from '../../main/import/directory/resolve';
import { GUIDE } from '../../main/sandbox';
import { sheet } from './rows';
import { startSandboxWithClient, type SandboxWithClient } from './sandbox-fixture';

const matchedId = (resolution: Resolution) => (resolution.status === 'matched' ? resolution.id : resolution.status);

describe('resolving what a spreadsheet says into OneFile records', () => {
  let fixture: SandboxWithClient;
  let directory: Directory;

  beforeAll(async () => {
    fixture = await startSandboxWithClient();
    directory = await downloadDirectory(fixture.client, GUIDE.business);
  });
  afterAll(() => fixture.close());

  it('finds a class by its OneFile ID, its MIS ID, its exact name and its name written another way', () => {
    const resolver = createResolver(directory);
    expect(resolver.resolveReference('Classroom', String(GUIDE.businessAdminL2))).toMatchObject({ status: 'matched', id: GUIDE.businessAdminL2, via: 'id' });
    expect(resolver.resolveReference('Classroom', 'bad1')).toMatchObject({ status: 'matched', id: GUIDE.businessAdminL2, via: 'misid' });
    expect(resolver.resolveReference('Classroom', 'Business Admin L2')).toMatchObject({ status: 'matched', id: GUIDE.businessAdminL2, via: 'exact' });
    for (const written of ['business admin level 2', 'Business\u00a0Admin  Lvl 2', 'BUSINESS ADMIN L2.']) {
      expect(resolver.resolveReference('Classroom', written)).toMatchObject({ status: 'matched', id: GUIDE.businessAdminL2, via: 'normalised' });
    }
    expect(resolver.resolveReference('Placement', 'bt manchester')).toMatchObject({ status: 'matched', id: GUIDE.btManchester });
  });

  it('finds an assessor by MIS ID, email, "First Last" and "Last, First"', () => {
    const resolver = createResolver(directory);
    expect(resolver.resolveReference('Assessor', 'JFAYE51P')).toMatchObject({ id: GUIDE.jamesFayre, via: 'misid' });
    expect(resolver.resolveReference('Assessor', 'James.Fayre@centre.example.com')).toMatchObject({ id: GUIDE.jamesFayre, via: 'email' });
    expect(resolver.resolveReference('Assessor', 'James Fayre')).toMatchObject({ id: GUIDE.jamesFayre, via: 'exact' });
    expect(resolver.resolveReference('Assessor', 'Fayre, James')).toMatchObject({ id: GUIDE.jamesFayre, via: 'exact' });
    expect(resolver.resolveReference('Assessor', 'FAYRE,  james')).toMatchObject({ id: GUIDE.jamesFayre, via: 'normalised' });
    expect(resolver.nameOf('Assessor', GUIDE.kateAnderson)).toBe('Kate Anderson');
  });

  it('finds an assessor by a MIS ID of digits whose zeros at the front Excel dropped, and never picks between two whose IDs are one without them', () => {
    const james = directory.staff.find((u) => u.id === GUIDE.jamesFayre)!;
    const staff = (id: number, firstName: string, misid: string) => ({ ...james, id, firstName, lastName: 'Zeros', misid, email: `${firstName.toLowerCase()}.zeros@centre.example.com` });
    const resolver = createResolver({
      ...directory,
      staff: [...directory.staff, staff(990101, 'Asha', '000777'), staff(990102, 'Ben', '0888'), staff(990103, 'Cleo', '888'), staff(990104, 'Dan', 'A0999')],
    });
    for (const written of ['777', '0777', '000777']) expect(resolver.resolveReference('Assessor', written)).toMatchObject({ status: 'matched', id: 990101, via: 'misid' });
    // 0888 and 888 are one MIS ID: written either way, it names two assessors, and the row waits for a person to choose.
    for (const written of ['888', '0888']) {
      const both = resolver.resolveReference('Assessor', written);
      expect(both).toMatchObject({ status: 'ambiguous', byMisid: true });
      expect(both.status === 'ambiguous' && both.candidates.map((c) => [c.id, c.detail])).toEqual([
        [990102, '0888, ben.zeros@centre.example.com'],
        [990103, '888, cleo.zeros@centre.example.com'],
      ]);
    }
    // An ID with a letter in it is compared as written: A999 is not A0999.
    expect(resolver.resolveReference('Assessor', 'A999').status).toBe('unmatched');
    expect(resolver.resolveReference('Assessor', 'a0999')).toMatchObject({ status: 'matched', id: 990104, via: 'misid' });
  });

  it('finds a class and a placement by a MIS ID of digits whose zeros Excel dropped, an ILR\'s EmpId too, and never picks between two whose IDs are one without them', () => {
    const place = (id: number, name: string, misid: string) => ({ id, name, misid });
    const resolver = createResolver({
      ...directory,
      classrooms: [...directory.classrooms, place(990201, 'Zeros Business Admin L2', '0042'), place(990202, 'Zeros Retail L2', '0055'), place(990203, 'Zeros Retail L3', '55'), place(990204, 'Zeros Letters', 'A0042')],
      placements: [...directory.placements, place(990301, 'Zeros Ltd - Leeds', '0077'), place(990302, 'Zeros Ltd - York', '0088'), place(990303, 'Zeros Ltd - Hull', '88')],
    });
    for (const written of ['42', '042', '0042']) expect(resolver.resolveReference('Classroom', written)).toMatchObject({ status: 'matched', id: 990201, via: 'misid' });
    for (const written of ['77', '0077']) {
      expect(resolver.resolveReference('Placement', written)).toMatchObject({ status: 'matched', id: 990301, via: 'misid' });
      expect(resolver.resolveReference('Placement', written, { misIdOnly: true })).toMatchObject({ status: 'matched', id: 990301, via: 'misid' });
    }
    // 0055 and 55, 0088 and 88: one MIS ID each, written either way; the row waits for a person to choose.
    for (const written of ['55', '0055']) {
      const both = resolver.resolveReference('Classroom', written);
      expect(both).toMatchObject({ status: 'ambiguous', byMisid: true });
      expect(both.status === 'ambiguous' && both.candidates.map((c) => [c.id, c.detail])).toEqual([[990202, '0055'], [990203, '55']]);
    }
    for (const written of ['88', '0088']) {
      for (const scope of [undefined, { misIdOnly: true }]) {
        const both = resolver.resolveReference('Placement', written, scope);
        expect(both).toMatchObject({ status: 'ambiguous', byMisid: true });
        expect(both.status === 'ambiguous' && both.candidates.map((c) => c.id)).toEqual([990302, 990303]);
      }
    }
    // An ID with a letter in it is compared as written: A42 is not A0042.
    expect(resolver.resolveReference('Classroom', 'A42').status).toBe('unmatched');
    expect(resolver.resolveReference('Classroom', 'a0042')).toMatchObject({ status: 'matched', id: 990204, via: 'misid' });
  });

  it('finds an assessor written surname first without a comma, as MIS exports write staff', () => {
    const resolver = createResolver(directory);
    expect(resolver.resolveReference('Assessor', 'FAYRE James')).toMatchObject({ status: 'matched', id: GUIDE.jamesFayre, via: 'surname-first' });
    expect(resolver.resolveReference('Assessor', 'Anderson  kate')).toMatchObject({ status: 'matched', id: GUIDE.kateAnderson, via: 'surname-first' });
    // Typed surname first with a slip: still offered first.
    const slip = resolver.resolveReference('Assessor', 'Fayer James');
    expect(slip).toMatchObject({ status: 'unmatched', suggestions: [expect.objectContaining({ id: GUIDE.jamesFayre })] });
  });

  it('reads a surname of two words written first, and never picks between people a name fits either way round', () => {
    const james = directory.staff.find((u) => u.id === GUIDE.jamesFayre)!;
    const withOthers: Directory = {
      ...directory,
      staff: [
        ...directory.staff,
        { ...james, id: 990001, firstName: 'Anna Maria', lastName: 'Van Dyke', misid: 'AVD1', email: 'avd@centre.example.com' },
        { ...james, id: 990002, firstName: 'Fayre', lastName: 'James', misid: 'FJ1', email: 'fj@centre.example.com' },
      ],
    };
    const resolver = createResolver(withOthers);
    expect(resolver.resolveReference('Assessor', 'VAN DYKE Anna Maria')).toMatchObject({ status: 'matched', id: 990001, via: 'surname-first' });
    for (const written of ['James Fayre', 'Fayre James', 'FAYRE JAMES']) {
      const both = resolver.resolveReference('Assessor', written);
      expect(both.status, written).toBe('ambiguous');
      if (both.status === 'ambiguous') expect(both.candidates.map((c) => c.id).sort()).toEqual([990002, GUIDE.jamesFayre].sort());
    }
    // "Last, First" says which way round it is.
    expect(resolver.resolveReference('Assessor', 'Fayre, James')).toMatchObject({ status: 'matched', id: GUIDE.jamesFayre });
  });

  it('does not take a learner or an IQA for an assessor', () => {
    const resolver = createResolver(directory);
    expect(resolver.resolveReference('Assessor', 'Gemma Hall').status).toBe('unmatched');
    const iqa = directory.staff.find((u) => u.role === 10)!;
    expect(resolver.resolveReference('Assessor', `${iqa.firstName} ${iqa.lastName}`).status).not.toBe('matched');
    expect(resolver.resolveReference('IQA', `${iqa.firstName} ${iqa.lastName}`)).toMatchObject({ status: 'matched', id: iqa.id });
  });

  it('never picks between near-duplicate names, and lists both with what tells them apart', () => {
    const resolver = createResolver(directory);
    const evening = resolver.resolveReference('Classroom', 'business admin level 3 evening');
    expect(evening.status).toBe('ambiguous');
    if (evening.status === 'ambiguous') expect(evening.candidates.map((c) => c.detail).sort()).toEqual(['BA3-EVE', 'BA3-EVE2']);

    const tesco = resolver.resolveReference('Placement', 'Tesco - Leeds');
    expect(tesco.status).toBe('ambiguous');
    // The MIS ID still names one of them.
    expect(resolver.resolveReference('Placement', 'TES-LDS-02').status).toBe('matched');
  });

  it('uses the profile\'s value maps, and a remembered choice settles an ambiguous name next time', () => {
    const resolver = createResolver(directory, { Classroom: { 'Bus Admin 2': 'Business Admin L2' } });
    expect(resolver.resolveReference('Classroom', 'Bus Admin 2')).toMatchObject({ id: GUIDE.businessAdminL2, via: 'value-map' });

    const tesco = directory.placements.find((p) => p.misid === 'TES-LDS-02')!;
    const profile = rememberResolution({ columns: { Employer: 'Placement' } }, 'Placement', 'Tesco - Leeds', tesco.id);
    expect(profile.values?.Placement).toEqual({ 'Tesco - Leeds': String(tesco.id) });
    expect(profile.columns).toEqual({ Employer: 'Placement' });
    expect(createResolver(directory, profile.values).resolveReference('Placement', 'Tesco - Leeds')).toMatchObject({ id: tesco.id, via: 'value-map' });
  });

  it('ignores a remembered choice OneFile no longer has, and says so', () => {
    const resolver = createResolver(directory, { Classroom: { 'Old class': '999999' } });
    const result = resolver.resolveReference('Classroom', 'Old class');
    expect(result).toMatchObject({ status: 'unmatched', staleValueMap: '999999' });
  });

  it('offers ranked suggestions for a name that matches nothing', () => {
    const resolver = createResolver(directory);
    const result = resolver.resolveReference('Classroom', 'Busness Admn L2');
    expect(result.status).toBe('unmatched');
    if (result.status !== 'unmatched') return;
    expect(result.suggestions[0]).toMatchObject({ id: GUIDE.businessAdminL2, name: 'Business Admin L2' });
    const scores = result.suggestions.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(resolver.resolveReference('Assessor', 'Fayre, Jmaes')).toMatchObject({ status: 'unmatched', suggestions: [expect.objectContaining({ id: GUIDE.jamesFayre })] });
  });

  it('finds standards by title written either way, and units by text ID or by title under the row\'s standards', () => {
    const resolver = createResolver(directory);
    expect(matchedId(resolver.resolveReference('Standards', 'Business Administrator L3'))).toBe(4001);
    expect(resolver.resolveReference('Units', 'KS_COMM1')).toMatchObject({ status: 'matched', id: 'KS_COMM1', via: 'id' });
    // The same unit title belongs to two standards: ambiguous alone, clear under one standard.
    expect(resolver.resolveReference('Units', 'End-point assessment gateway').status).toBe('ambiguous');
    const scoped = resolver.resolveReference('Units', 'End-point assessment gateway', { standardIds: [4002] });
    expect(scoped.status).toBe('matched');
    expect(directory.units.find((u) => u.id === String(matchedId(scoped)))?.standardId).toBe(4002);
  });

  it('lists each unresolved value once, with every row it occurs in', () => {
    const { rows } = sheet(
      ['First Name', 'Last Name', 'Email', 'Assessor', 'Class', 'Placement'],
      [
        ['Amy', 'Jones', 'amy@example.com', 'James Fayre', 'Busness Admin L2', 'Tesco - Leeds'],
        ['Ben', 'Khan', 'ben@example.com', 'Kate Anderson', 'Business Admin L2', 'Tesco - Leeds'],
        ['Cat', 'Lee', 'cat@example.com', 'Nobody Known', 'busness admin l2', 'BT - Manchester'],
      ],
    );
    const values = listUnresolvedValues(rows, createResolver(directory), directory, roleOfRow);
    expect(values.map((v) => [v.field, v.value, v.status, v.rows])).toEqual([
      ['Classroom', 'Busness Admin L2', 'unmatched', [2, 4]],
      ['Placement', 'Tesco - Leeds', 'ambiguous', [2, 3]],
      ['Assessor', 'Nobody Known', 'unmatched', [4]],
    ]);
    expect(values[1].candidates).toHaveLength(2);
  });
});

describe('recognising a learner already in OneFile', () => {
  const learner = (id: number, misid: string | null, uln: string | null, email: string | null, archived = false) => ({
    id, role: 1 as const, firstName: `First${id}`, lastName: `Last${id}`, misid, uln, email, archived, record: {},
  });
  const learners = [learner(1, 'MIS1', '1000000004', 'one@example.com'), learner(2, 'MIS2', '2000000008', 'two@example.com'), learner(3, null, null, 'three@example.com', true)];

  it('matches by MIS ID first, then ULN, then email', () => {
    const matcher = createUserMatcher(learners);
    expect(matcher.match({ MISID: 'mis1', Email: 'one@example.com' })).toMatchObject({ kind: 'matched', by: 'MISID', user: { id: 1 } });
    expect(matcher.match({ ULN: '2000000008' })).toMatchObject({ kind: 'matched', by: 'ULN', user: { id: 2 } });
    expect(matcher.match({ Email: 'ONE@example.com' })).toMatchObject({ kind: 'matched', by: 'Email', user: { id: 1 } });
    expect(matcher.match({ MISID: 'NEW', Email: 'new@example.com' })).toEqual({ kind: 'none' });
  });

  it('follows a different order when told, naming the key that recognised the learner', () => {
    const matcher = createUserMatcher(learners, ['Email', 'MISID']);
    expect(matcher.match({ MISID: 'MIS1', Email: 'one@example.com' })).toMatchObject({ kind: 'matched', by: 'Email' });
  });

  it('blocks a row whose keys point at two different learners, naming both', () => {
    const result = createUserMatcher(learners).match({ MISID: 'MIS1', Email: 'two@example.com' });
    expect(result.kind).toBe('conflict');
    if (result.kind === 'conflict') {
      expect(result.userIds.sort()).toEqual([1, 2]);
      expect(result.message).toContain('First1 Last1 (OneFile ID 1)');
      expect(result.message).toContain('First2 Last2 (OneFile ID 2)');
    }
  });

  it('will not create a duplicate through a key it was told not to match on', () => {
    const result = createUserMatcher(learners, ['MISID']).match({ MISID: 'NEW9', Email: 'two@example.com' });
    expect(result).toMatchObject({ kind: 'conflict', code: 'key-in-use', userIds: [2] });
  });

  it('recognises archived learners too (the planner leaves them alone)', () => {
    expect(createUserMatcher(learners).match({ Email: 'three@example.com' })).toMatchObject({ kind: 'matched', user: { id: 3, archived: true } });
  });

  it('refuses to choose when two learners in OneFile share the key', () => {
    const twins = [learner(5, 'SAME', null, 'a@example.com'), learner(6, 'same', null, 'b@example.com')];
    expect(createUserMatcher(twins).match({ MISID: 'Same' })).toMatchObject({ kind: 'conflict', code: 'key-not-unique', userIds: [5, 6] });
  });
});
