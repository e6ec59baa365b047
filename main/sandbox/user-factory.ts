import type { SandboxStore } from './store';
import type { UserRecord } from './records';
import { asciiLetters } from './seed/names';

/** A user with every optional field null; the caller fills in what it knows. */
export function blankUser(fields: Pick<UserRecord, 'ID' | 'Username' | 'OrganisationID' | 'Role' | 'FirstName' | 'LastName' | 'Email' | 'LastModified'>): UserRecord {
  return {
    MISID: null, ULN: null, NINO: null, DOB: null, StartOn: null, PlannedEndDate: null,
    DefaultAssessorID: null, DefaultEmployerID: null, ClassroomID: null, PlacementID: null,
    CentreRegister: null, EpisodeName: null, CompanyName: null, HomeAddress: null, WorkAddress: null,
    Telephone: null, MobileNumber: null, L12: null, L13: null, L14: null, L15: null, L16: null,
    LearnerStatusID: null, SupportFunding: null, Archived: false,
    ...fields,
  };
}

/** OneFile usernames look like `firstname.lastname`, with a number when that is taken. */
export function uniqueUsername(store: SandboxStore, firstName: string, lastName: string): string {
  const base = `${asciiLetters(firstName)}.${asciiLetters(lastName)}`.toLowerCase() || 'user';
  if (!store.isUsernameTaken(base)) return base;
  for (let n = 2; ; n++) {
    if (!store.isUsernameTaken(`${base}${n}`)) return `${base}${n}`;
  }
}
