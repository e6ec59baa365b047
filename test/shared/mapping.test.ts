import { describe, expect, it } from 'vitest';
import type { FieldKey } from '../../shared/fields';
import { autoMap, conflictIssues, toMapping } from '../../shared/mapping';
import { parseProfile } from '../../shared/profile';

const fieldOf = (header: string) => autoMap([header]).columns[0];

const families: Record<FieldKey, string[]> = {
  FirstName: ['Forename', 'Given name', 'First name(s)', 'First Name', 'FirstName'],
  LastName: ['Surname', 'Family name', 'Last name', 'LastName'],
  FullName: ['Name', 'Learner Name', 'Full Name', 'Student Name', 'Surname, Forename', 'Forename Surname', 'FullName'],
  MISID: ['Learner Ref', 'Learner Reference', 'Learner Reference Number', 'LearnRefNumber', 'Learner No.', 'Learner Number', 'Student ID', 'Student Number', 'Person Code', 'MIS ID', 'MISID'],
  DOB: ['Date of Birth', 'DOB', 'Birth Date', 'D.O.B.'],
  NINO: ['NI Number', 'NI No', 'National Insurance', 'National Insurance Number', 'NINO'],
  ULN: ['ULN', 'Unique Learner Number'],
  Email: ['Email Address', 'E-mail', 'Personal Email', 'Email'],
  MobileNumber: ['Mobile', 'Mobile No', 'Mobile Number'],
  Telephone: ['Phone', 'Telephone', 'Home Tel'],
  StartOn: ['Start Date', 'StartOn'],
  PlannedEndDate: ['Planned End Date', 'Expected End Date', 'End Date'],
  Assessor: ['Assessor', 'Tutor', 'Trainer', 'Coach', 'Skills Coach'],
  Classroom: ['Class', 'Classroom', 'Cohort', 'Group'],
  Placement: ['Employer', 'Employer Name', 'Workplace', 'Placement', 'Company'],
  Employer: ['Employer Contact', 'Line Manager', 'Employer User'],
  Standards: ['Programme', 'Standard', 'Standards', 'Apprenticeship'],
  FrameworkTemplate: ['Framework Template', 'Template'],
  Units: ['Units', 'Unit'],
  IQA: ['IQA', 'IV', 'Internal Verifier'],
  Observer: ['Observer'],
  L12: ['Ethnicity', 'L12'],
  L13: ['Sex', 'Gender'],
  EpisodeName: ['Episode', 'Episode Name'],
  Organisation: ['Organisation', 'Centre'],
  Role: ['Role', 'User Type'],
  Status: ['Status', 'Learner Status', 'Completion Status'],
  CompanyName: ['Company Name'],
  HomeAddress: ['Home Address', 'Address'],
  WorkAddress: ['Work Address'],
  OneFileID: ['OneFile ID', 'OneFile Learner ID'],
};

describe('auto-mapping by header', () => {
  for (const [field, headers] of Object.entries(families)) {
    it(`maps ${headers.map((h) => `"${h}"`).join(', ')} to ${field}`, () => {
      for (const header of headers) {
        const column = fieldOf(header);
        expect(column.field, header).toBe(field);
        expect(['exact', 'alias']).toContain(column.reason);
        expect(column.confidence).toBeGreaterThanOrEqual(0.8);
      }
    });
  }

  it('ignores case, spaces, underscores, punctuation and non-breaking spaces in headers', () => {
    for (const header of ['FIRST NAME', 'first_name', '  First\u00a0Name ', 'E-MAIL', 'e_mail', 'Date\u00a0of  Birth', 'Learner #', 'learner-ref']) {
      expect(fieldOf(header).field, header).not.toBeNull();
    }
    expect(fieldOf('E-MAIL').field).toBe('Email');
    expect(fieldOf('Learner #').field).toBe('MISID');
  });

  it('is more sure of an exact name than an alias, and of an alias than a vague word', () => {
    expect(fieldOf('Email').confidence).toBe(1);
    expect(fieldOf('Email Address').confidence).toBeLessThan(1);
    expect(fieldOf('Group').confidence).toBeLessThan(fieldOf('Class').confidence);
  });

  it('forgives typos at a lower confidence', () => {
    for (const [header, field] of [['Surnmae', 'LastName'], ['Emial Address', 'Email'], ['Date of Brith', 'DOB'], ['Assesor', 'Assessor'], ['Planed End Date', 'PlannedEndDate']] as const) {
      const column = fieldOf(header);
      expect(column.field, header).toBe(field);
      expect(column.reason).toBe('fuzzy');
      expect(column.confidence).toBeLessThanOrEqual(0.7);
      expect(column.confidence).toBeGreaterThan(0);
    }
  });

  it('does not force a field onto headers that only look a little alike', () => {
    // (A Postcode column is part of the home address: see the ILR tests.)
    for (const header of ['Notes', 'Actual End Date', 'Completion Date', 'Aim Reference', 'Employer Contact Email', 'Start Status', 'Learner Support', 'Funding', 'Date Left', 'Emergency Contact Email', 'Previous Employer']) {
      expect(fieldOf(header), header).toMatchObject({ field: null, reason: 'none', confidence: 0 });
    }
  });

  it('maps a header naming one field two ways ("Trainer/Assessor") to that field, and one naming two fields to neither', () => {
    // ("Forename/Surname" is a known name of its own: a column of whole names.)
    for (const [header, field] of [['Trainer/Assessor', 'Assessor'], ['Tutor / Assessor', 'Assessor'], ['Assessor or Skills Coach', 'Assessor'], ['Employer & Workplace', 'Placement'], ['Class/Group', 'Classroom']] as const) {
      expect(fieldOf(header), header).toMatchObject({ field, reason: 'alias' });
    }
    // As sure as its least sure part: "Group" alone is a vague word.
    expect(fieldOf('Class/Group').confidence).toBe(fieldOf('Group').confidence);
    expect(fieldOf('Trainer/Assessor').confidence).toBe(0.95);
    for (const header of ['ULN / NI Number', 'Email / Username', 'Start/End Date']) {
      expect(fieldOf(header).reason, header).not.toBe('alias');
    }
  });

  it('maps a header with an aside in brackets that its name lacks, as an alias', () => {
    for (const [header, field] of [['Date of Birth (dd/mm/yyyy)', 'DOB'], ['Start Date (DD/MM/YYYY)', 'StartOn'], ['Email [personal]', 'Email'], ['ULN (10 digits)', 'ULN'], ['Trainer/Assessor (main)', 'Assessor']] as const) {
      expect(fieldOf(header), header).toMatchObject({ field, reason: 'alias', confidence: 0.95 });
    }
    // A known name with brackets in it stays as it is; an aside alone is nothing.
    expect(fieldOf('First name(s)')).toMatchObject({ field: 'FirstName' });
    expect(fieldOf('(notes)').field).toBeNull();
  });

  it('gives the same answer every time', () => {
    const headers = ['Learner Ref', 'Forename', 'Surnmae', 'Emial', 'Class', 'Group', 'Notes'];
    expect(autoMap(headers)).toEqual(autoMap([...headers]));
  });
});

describe('columns competing for one field', () => {
  it('keeps the field for the best column and leaves the others unmapped, saying so', () => {
    const result = autoMap(['Personal Email', 'Forename', 'Email']);
    expect(result.columns[2]).toMatchObject({ header: 'Email', field: 'Email' });
    expect(result.columns[0]).toMatchObject({ header: 'Personal Email', field: null, reason: 'taken' });
    expect(result.conflicts).toEqual([{ field: 'Email', headers: ['Email', 'Personal Email'] }]);
  });

  it('matches a header the file writes twice as written: the column that keeps its name keeps the field', () => {
    const result = autoMap(['Email Address', 'Forename', 'Email Address (column C)', 'Forename (column D)', 'Notes (column E)']);
    expect(result.columns.map((c) => [c.field, c.reason])).toEqual([
      ['Email', 'alias'],
      ['FirstName', 'alias'],
      [null, 'taken'],
      [null, 'taken'],
      [null, 'none'],
    ]);
    expect(result.conflicts).toEqual([
      { field: 'Email', headers: ['Email Address', 'Email Address (column C)'] },
      { field: 'FirstName', headers: ['Forename', 'Forename (column D)'] },
    ]);
    // A profile saved for the renamed column is taken as saved.
    const profiled = autoMap(['Email Address', 'Email Address (column B)'], { columns: { 'Email Address': 'Employer', 'Email Address (column B)': 'Email' } });
    expect(profiled.columns.map((c) => [c.field, c.reason])).toEqual([
      ['Employer', 'profile'],
      ['Email', 'profile'],
    ]);
  });

  it('gives a tie to the leftmost column', () => {
    const result = autoMap(['Email', 'Email']);
    expect(result.columns.map((c) => c.field)).toEqual(['Email', null]);
    expect(result.conflicts).toHaveLength(1);
  });

  it('never maps two columns to one field, however many compete', () => {
    const result = autoMap(['Class', 'Classroom', 'Cohort', 'Group', 'Employer', 'Placement', 'Workplace']);
    const fields = result.columns.map((c) => c.field).filter((f) => f !== null);
    expect(new Set(fields).size).toBe(fields.length);
    expect(result.conflicts.map((c) => c.field).sort()).toEqual(['Classroom', 'Placement']);
    expect(conflictIssues(result.conflicts)[0].message).toContain('not imported');
  });
});

describe('required columns', () => {
  it('lists the learner fields no column gives when there is no Role column', () => {
    expect(autoMap(['Forename', 'Surname', 'Email']).missingRequired).toEqual(['Assessor', 'Classroom', 'Placement']);
  });

  it('asks only for what every role needs when the file has a Role column (a learner needs no email)', () => {
    expect(autoMap(['Forename', 'Surname', 'Role']).missingRequired).toEqual([]);
    expect(autoMap(['Forename', 'Surname'], undefined, { defaultRole: 'assessor' }).missingRequired).toEqual(['Email']);
  });

  it('follows the default role it is given', () => {
    expect(autoMap(['Forename', 'Surname', 'Email'], undefined, { defaultRole: 'assessor' }).missingRequired).toEqual([]);
  });
});

describe('auto-mapping with a profile', () => {
  const profile = parseProfile({
    columns: { 'Ref': 'MISID', 'Employer': 'CompanyName', 'Notes': null },
    values: { Classroom: { 'Bus Admin L2': 'Business Admin L2' } },
  });

  it('follows the profile first, including "do not import", and auto-maps the rest', () => {
    const result = autoMap(['REF', 'Employer', 'Notes', 'Forename', 'Workplace'], profile);
    expect(result.columns.map((c) => [c.field, c.reason])).toEqual([
      ['MISID', 'profile'],
      ['CompanyName', 'profile'],
      [null, 'profile'],
      ['FirstName', 'alias'],
      ['Placement', 'alias'],
    ]);
  });

  it('carries the profile value maps into the mapping', () => {
    const mapping = toMapping(autoMap(['Class'], profile).columns, profile);
    expect(mapping.values).toEqual({ Classroom: { 'Bus Admin L2': 'Business Admin L2' } });
    expect(mapping.columns).toEqual([{ index: 0, header: 'Class', field: 'Classroom' }]);
  });
});
