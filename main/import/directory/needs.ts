import { ROLE, type RoleId } from '../plan/types';

/**
 * Which kinds of record a file needs from the organisation's directory. A weekly file
 * of a few learners names an assessor, a class and a placement; reading every staff
 * role, every template and every standard's units for it would spend more calls than
 * importing it. Learners are always read: without them a learner could be created
 * twice.
 */
export interface DirectoryNeeds {
  /** Staff roles whose names the file's columns hold (Assessor: assessors and trainee assessors; IQA; Employer; Observer). */
  staffRoles: RoleId[];
  /** Roles of the staff rows the file imports: read in full (paged rows carry email), since they are matched, not only named. */
  staffRecords: RoleId[];
  classrooms: boolean;
  placements: boolean;
  standards: boolean;
  units: boolean;
  templates: boolean;
}

/** Staff roles in the order they are read. */
export const STAFF_ROLES: readonly RoleId[] = [ROLE.Assessor, ROLE.TraineeAssessor, ROLE.IQA, ROLE.Employer, ROLE.Observer];

/** Everything: for a file whose needs are not known (and for the export and the template, which show all of it). */
export const WHOLE_DIRECTORY: DirectoryNeeds = {
  staffRoles: [...STAFF_ROLES],
  staffRecords: [...STAFF_ROLES],
  classrooms: true,
  placements: true,
  standards: true,
  units: true,
  templates: true,
};

const ROLES_NAMED_BY: Record<string, readonly RoleId[]> = {
  Assessor: [ROLE.Assessor, ROLE.TraineeAssessor],
  IQA: [ROLE.IQA],
  Employer: [ROLE.Employer],
  Observer: [ROLE.Observer],
};

/**
 * What a file needs: from the fields its columns (and values for every row) are mapped
 * to, and the roles of its rows.
 */
export function directoryNeeds(fields: Iterable<string>, rowRoles: Iterable<RoleId>): DirectoryNeeds {
  const mapped = new Set(fields);
  const staffRoles = new Set<RoleId>();
  for (const [field, roles] of Object.entries(ROLES_NAMED_BY)) if (mapped.has(field)) roles.forEach((role) => staffRoles.add(role));
  const staffRecords = new Set<RoleId>();
  for (const role of rowRoles) {
    if (role === ROLE.Learner) continue;
    staffRecords.add(role);
    // A row of a staff role is matched against that role's users; an assessor row may be a trainee too.
    if (role === ROLE.Assessor || role === ROLE.TraineeAssessor) [ROLE.Assessor, ROLE.TraineeAssessor].forEach((r) => staffRecords.add(r));
  }
  const units = mapped.has('Units');
  return {
    staffRoles: STAFF_ROLES.filter((role) => staffRoles.has(role) || staffRecords.has(role)),
    staffRecords: STAFF_ROLES.filter((role) => staffRecords.has(role)),
    classrooms: mapped.has('Classroom'),
    placements: mapped.has('Placement'),
    // Units are resolved under their standards; an IQA given with a template is assigned
    // per standard, named in the plan. A template alone needs no standard's name (a new
    // learner's template is assigned whole; an existing learner's is compared by ID, and
    // the planner reads the names then, see plan/standard-titles.ts).
    standards: mapped.has('Standards') || units || (mapped.has('FrameworkTemplate') && mapped.has('IQA')),
    units,
    templates: mapped.has('FrameworkTemplate'),
  };
}

/** True when a directory read for `read` holds everything `needs` asks for. */
export function coversNeeds(read: DirectoryNeeds | undefined, needs: DirectoryNeeds): boolean {
  if (!read) return true; // written before needs existed: the whole directory
  const has = (list: RoleId[], role: RoleId) => list.includes(role);
  return (
    needs.staffRoles.every((role) => has(read.staffRoles, role)) &&
    needs.staffRecords.every((role) => has(read.staffRecords, role)) &&
    (['classrooms', 'placements', 'standards', 'units', 'templates'] as const).every((kind) => !needs[kind] || read[kind])
  );
}
