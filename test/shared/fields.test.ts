import { describe, expect, it } from 'vitest';
import { FIELD_KEYS, FIELDS, fieldDefinition, isRequired, requiredFieldsFor } from '../../shared/fields';
import { normaliseHeader } from '../../shared/normalise';

describe('the fields catalogue', () => {
  it('describes every field key once, each with a label and help text', () => {
    expect(FIELDS.map((f) => f.key)).toEqual([...FIELD_KEYS]);
    for (const f of FIELDS) {
      expect(f.label.length).toBeGreaterThan(0);
      expect(f.help.length).toBeGreaterThan(10);
    }
  });

  it('never lets one alias mean two fields', () => {
    const owner = new Map<string, string>();
    for (const f of FIELDS) {
      for (const alias of [...f.aliases, ...f.weakAliases]) {
        const key = normaliseHeader(alias);
        expect(owner.get(key) ?? f.key, `alias "${alias}"`).toBe(f.key);
        owner.set(key, f.key);
      }
    }
  });

  it("requires what OneFile's guide to creating users requires of a learner: no email", () => {
    expect(requiredFieldsFor('learner')).toEqual(['FirstName', 'LastName', 'Assessor', 'Classroom', 'Placement']);
    expect(isRequired('Email', 'learner')).toBe(false);
    expect(fieldDefinition('Email').help).toMatch(/learner may go without/);
  });

  it('requires a placement for employers and observers but not for assessors or IQAs', () => {
    expect(requiredFieldsFor('employer')).toEqual(['FirstName', 'LastName', 'Email', 'Placement']);
    expect(requiredFieldsFor('observer')).toEqual(['FirstName', 'LastName', 'Email', 'Placement']);
    expect(requiredFieldsFor('assessor')).toEqual(['FirstName', 'LastName', 'Email']);
    expect(isRequired('Placement', 'iqa')).toBe(false);
  });

  it('explains that a placement is the workplace and an employer is a person', () => {
    expect(fieldDefinition('Placement').help).toMatch(/workplace/i);
    expect(fieldDefinition('Employer').help).toMatch(/person|user/i);
  });
});
