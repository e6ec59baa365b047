import { describe, expect, it } from 'vitest';
import { seedStore } from '../../main/sandbox/seed';
import { isValidUln } from '../../main/sandbox';

describe('the seeded centre', () => {
  const store = seedStore(1);
  const users = store.all('users');
  const learners = users.filter((u) => u.Role === 1);

  it('is the same for the same seed and different for another', () => {
    expect(seedStore(1).all('users')).toEqual(users);
    expect(seedStore(2).all('users').map((u) => u.MISID)).not.toEqual(users.map((u) => u.MISID));
  });

  it('holds hundreds of learners with unique MISIDs and emails', () => {
    expect(learners.length).toBeGreaterThan(400);
    expect(new Set(users.map((u) => u.MISID)).size).toBe(users.length);
    expect(new Set(users.map((u) => u.Email!.toLowerCase())).size).toBe(users.length);
  });

  it('gives learners ULNs with a valid check digit', () => {
    const ulns = learners.map((u) => u.ULN).filter((uln): uln is string => uln !== null);
    expect(ulns.length).toBeGreaterThan(learners.length * 0.8);
    expect(ulns.filter((uln) => !isValidUln(uln))).toEqual([]);
  });

  it('makes every learner valid: assessor, class and placement of their own organisation', () => {
    for (const learner of learners) {
      expect([4, 5]).toContain(store.user(learner.DefaultAssessorID!)!.Role);
      expect(store.user(learner.DefaultAssessorID!)!.OrganisationID).toBe(learner.OrganisationID);
      expect(store.classroom(learner.ClassroomID!)!.OrganisationID).toBe(learner.OrganisationID);
      expect(store.placement(learner.PlacementID!)!.OrganisationID).toBe(learner.OrganisationID);
    }
  });

  it('has staff of every role, archived learners, and text unit IDs', () => {
    expect(new Set(users.map((u) => u.Role))).toEqual(new Set([1, 4, 5, 10, 40, 45]));
    expect(learners.filter((u) => u.Archived).length).toBeGreaterThanOrEqual(3);
    expect(store.all('units').filter((u) => typeof u.ID === 'string').map((u) => u.ID)).toContain('KS_COMM1');
  });

  it('has framework templates whose units all belong to their standards', () => {
    for (const template of store.all('templates')) {
      for (const entry of template.Standards) {
        expect(store.standard(entry.StandardID)!.OrganisationID).toBe(template.OrganisationID);
        for (const unit of entry.Units) expect(store.unit(unit.UnitID)!.StandardID).toBe(entry.StandardID);
      }
    }
  });
});

describe('ULN check digits', () => {
  it('accepts a published example and refuses a changed digit or a leading zero', () => {
    expect(isValidUln('9276308686')).toBe(true);
    expect(isValidUln('9276308687')).toBe(false);
    expect(isValidUln('0276308686')).toBe(false);
    expect(isValidUln('927630868')).toBe(false);
  });
});
