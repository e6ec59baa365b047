import { describe, expect, it } from 'vitest';
import { autoMap, toMapping } from '../../shared/mapping';
import {
  applyProfile,
  headerFingerprint,
  mapValue,
  parseProfile,
  parseProfileText,
  profileFromMapping,
  ProfileError,
} from '../../shared/profile';

describe('header fingerprints', () => {
  it('are the same whatever the order, case, spacing or punctuation of the headers', () => {
    const fingerprint = headerFingerprint(['Learner Ref', 'Forename', 'Surname', 'E-mail']);
    expect(headerFingerprint(['surname', 'EMAIL', 'forename', 'Learner_Ref'])).toBe(fingerprint);
    expect(headerFingerprint(['  Forename\u00a0', 'Learner Ref', 'E-mail', 'Surname', ''])).toBe(fingerprint);
  });

  it('differ when the columns differ', () => {
    expect(headerFingerprint(['Forename', 'Surname'])).not.toBe(headerFingerprint(['Forename', 'Surname', 'ULN']));
    expect(headerFingerprint(['Forename'])).not.toBe(headerFingerprint(['Surname']));
  });

  it("leave out our own report's and export's columns, so an errors report imported again finds the original file's profile", () => {
    const original = ['Learner Ref', 'Forename', 'Surname', 'Assessor'];
    const fingerprint = headerFingerprint(original);
    // The errors report: the file's columns, then the learner's OneFile ID and what went wrong.
    expect(headerFingerprint([...original, 'OneFile user ID', 'Error', 'Error column', 'Step'])).toBe(fingerprint);
    // The export's reference columns, in any case or spacing.
    expect(headerFingerprint([...original, 'Assessor ID', 'class id', ' Placement  ID', 'Archived', 'Learning aims'])).toBe(fingerprint);
    // A column of the file's own that only looks like one of ours ("Errors") is the file's.
    expect(headerFingerprint([...original, 'Errors'])).not.toBe(fingerprint);
  });

  it('are eight hex digits', () => {
    expect(headerFingerprint(['Forename', 'Surname'])).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('reading a profile', () => {
  it('accepts columns, "do not import" and value maps', () => {
    const profile = parseProfileText(
      '\ufeff{"columns": {"Learner Ref": "MISID", "Notes": null}, "values": {"Classroom": {"Bus Admin L2": "Business Admin L2"}}}',
    );
    expect(profile.columns).toEqual({ 'Learner Ref': 'MISID', Notes: null });
  });

  it('names the header and the bad field, listing the fields there are', () => {
    expect(() => parseProfile({ columns: { 'Learner Ref': 'MSID' } })).toThrow(ProfileError);
    expect(() => parseProfile({ columns: { 'Learner Ref': 'MSID' } })).toThrow(/columns\."Learner Ref".*"MSID" is not a field.*MISID/s);
  });

  it('refuses two columns mapped to one field', () => {
    expect(() => parseProfile({ columns: { Email: 'Email', 'Personal Email': 'Email' } })).toThrow(/"Email" and "Personal Email" are both mapped to Email/);
  });

  it('refuses value maps for fields that do not exist and keys it does not know', () => {
    expect(() => parseProfile({ columns: {}, values: { Class: { a: 'b' } } })).toThrow(/values: "Class" is not a field: use one of .*Classroom/);
    expect(() => parseProfile({ columns: {}, colums: {} })).toThrow(/"colums" is not part of a profile/);
  });

  it('says when the text is not JSON at all', () => {
    expect(() => parseProfileText('{columns:')).toThrow(/not valid JSON/);
  });
});

describe('applying a profile', () => {
  const profile = parseProfile({
    columns: { 'Learner Ref': 'MISID', Forename: 'FirstName', Notes: null },
    values: { Classroom: { 'Bus Admin L2': 'Business Admin L2' } },
  });

  it('maps the headers it names and leaves the others unmapped', () => {
    expect(applyProfile(profile, ['FORENAME', 'Class', 'Learner Ref']).columns).toEqual([
      { index: 0, header: 'FORENAME', field: 'FirstName' },
      { index: 1, header: 'Class', field: null },
      { index: 2, header: 'Learner Ref', field: 'MISID' },
    ]);
  });

  it('round-trips: a mapping saved as a profile maps the same headers the same way', () => {
    const headers = ['Learner Ref', 'Forename', 'Surname', 'Class', 'Notes'];
    const mapping = toMapping(autoMap(headers).columns, profile);
    const saved = parseProfile(JSON.parse(JSON.stringify(profileFromMapping(mapping))));
    expect(applyProfile(saved, headers)).toEqual(mapping);
    expect(autoMap(headers, saved).columns.map((c) => c.field)).toEqual(mapping.columns.map((c) => c.field));
  });

  it('maps values exactly first, then ignoring case and spacing, and leaves others alone', () => {
    expect(mapValue(profile.values, 'Classroom', 'Bus Admin L2')).toBe('Business Admin L2');
    expect(mapValue(profile.values, 'Classroom', ' bus  admin l2 ')).toBe('Business Admin L2');
    expect(mapValue(profile.values, 'Classroom', 'Retail L2')).toBe('Retail L2');
    expect(mapValue(profile.values, 'Placement', 'Bus Admin L2')).toBe('Bus Admin L2');
  });
});
