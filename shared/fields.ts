/**
 * The fields catalogue: every target field a spreadsheet column can be mapped to.
 *
 * Direct user fields carry OneFile's own key (`FirstName`, `MISID`, `L12`...) so the
 * engine can send them as they are. Reference fields (`Assessor`, `Classroom`,
 * `Placement`...) hold a name, MISID or ID that is resolved against the organisation's
 * directory later (DESIGN.md step 4); their keys are ours.
 *
 * Aliases are the headers MIS exports really use. They are written as a person would
 * type them; matching normalises both sides (see `normaliseHeader` in `./normalise`).
 * `aliases` are confident matches; `weakAliases` are common but vaguer words (Group,
 * Company, Template, End Date) that are still the best reading of a header, mapped at
 * a lower confidence so the UI can ask the user to confirm them.
 */

/** The user's own fields, sent to OneFile under the same names. */
export const USER_FIELD_KEYS = [
  'FirstName',
  'LastName',
  'Email',
  'MISID',
  'ULN',
  'NINO',
  'DOB',
  'StartOn',
  'PlannedEndDate',
  'EpisodeName',
  'CompanyName',
  'Telephone',
  'MobileNumber',
  'HomeAddress',
  'WorkAddress',
  'L12',
  'L13',
] as const;

/** Fields that name another OneFile record, resolved to its ID before the import. */
export const REFERENCE_FIELD_KEYS = [
  'Assessor',
  'Classroom',
  'Placement',
  'Employer',
  'IQA',
  'Observer',
  'FrameworkTemplate',
  'Standards',
  'Units',
] as const;

const [FIRST_NAME, LAST_NAME, ...OTHER_USER_FIELD_KEYS] = USER_FIELD_KEYS;

/**
 * Every field, in the order the mapping screen lists them. Three are never sent:
 * `FullName`, a column of whole names, gives the first and last name (see ./whole-name);
 * `Status`, a learner's standing in the MIS (withdrawn, completed), is only checked;
 * `OneFileID`, the user's own ID in OneFile, as an export from OneFile writes it, finds
 * the user first, before MIS ID, ULN or email, so a sheet exported from OneFile imports
 * back onto the same people whatever else is edited in it.
 */
export const FIELD_KEYS = [FIRST_NAME, LAST_NAME, 'FullName', ...OTHER_USER_FIELD_KEYS, 'Role', 'Status', ...REFERENCE_FIELD_KEYS, 'Organisation', 'OneFileID'] as const;

export type FieldKey = (typeof FIELD_KEYS)[number];

export type FieldType =
  | 'text'
  | 'name'
  | 'whole-name'
  | 'email'
  | 'uln'
  | 'nino'
  | 'date'
  | 'role'
  | 'status'
  | 'reference'
  | 'reference-list'
  | 'phone'
  | 'address'
  | 'code';

/** OneFile's user roles and their numbers, as the API guide lists them. */
export const ROLE_IDS = {
  learner: 1,
  'trainee-assessor': 4,
  assessor: 5,
  iqa: 10,
  employer: 40,
  observer: 45,
} as const;

export type RoleKey = keyof typeof ROLE_IDS;

export const ROLE_KEYS = Object.keys(ROLE_IDS) as RoleKey[];

/** How a role is named in messages. */
export const ROLE_LABELS: Record<RoleKey, string> = {
  learner: 'learner',
  'trainee-assessor': 'trainee assessor',
  assessor: 'assessor',
  iqa: 'IQA',
  employer: 'employer',
  observer: 'observer',
};

/** A role's label by its OneFile number ('assessor' for 5), or undefined for a number no guide lists. */
export function roleLabelOf(role: number): string | undefined {
  const key = ROLE_KEYS.find((k) => ROLE_IDS[k] === role);
  return key && ROLE_LABELS[key];
}

/** "an assessor", "a learner", "an IQA": a role as a sentence names it ("a user of role 7" for one no guide lists). */
export function aRoleOf(role: number): string {
  const label = roleLabelOf(role) ?? `user of role ${role}`;
  return `${/^[aeiouI]/.test(label) ? 'an' : 'a'} ${label}`;
}

export interface FieldDefinition {
  key: FieldKey;
  /** Short name shown in the mapping screen and in messages. */
  label: string;
  /** One or two sentences for the user: what the field is and how it is used. */
  help: string;
  type: FieldType;
  /** The roles for which a value is required; empty when the field is optional. */
  requiredFor: readonly RoleKey[];
  /** Headers that mean this field with confidence. */
  aliases: readonly string[];
  /** Headers that usually mean this field but are vaguer; mapped at lower confidence. */
  weakAliases: readonly string[];
}

/**
 * Headers of a home address's parts as MIS exports write them: several such columns are
 * one address, joined in column order (see `isAddressPart` in ./ilr, which adds the
 * ILR's own AddLine1-4).
 */
export const HOME_ADDRESS_PARTS: readonly string[] = [
  'Home Address', 'Address', 'Address Line 1', 'Address Line 2', 'Address Line 3', 'Address Line 4', 'Address 1', 'Address 2',
  'Address 3', 'Address 4', 'Home Address Line 1', 'Home Address Line 2', 'Home Address Line 3', 'Street', 'Street Address',
  'Locality', 'Town', 'City', 'Town/City', 'County', 'Postcode', 'Post Code', 'Home Postcode',
];

const EVERY_ROLE = ROLE_KEYS;
const LEARNER: readonly RoleKey[] = ['learner'];
const NEEDS_PLACEMENT: readonly RoleKey[] = ['learner', 'employer', 'observer'];
const NONE: readonly RoleKey[] = [];
/** Every role but the learner's. */
const STAFF: readonly RoleKey[] = ROLE_KEYS.filter((role) => role !== 'learner');

function field(
  key: FieldKey,
  label: string,
  type: FieldType,
  help: string,
  requiredFor: readonly RoleKey[],
  aliases: readonly string[],
  weakAliases: readonly string[] = [],
): FieldDefinition {
  return { key, label, help, type, requiredFor, aliases, weakAliases };
}

/** The catalogue, in the order the mapping screen lists the fields. */
export const FIELDS: readonly FieldDefinition[] = [
  field('FirstName', 'First name', 'name', "The person's first name (forename).", EVERY_ROLE, [
    'First Name', 'Forename', 'Forenames', 'Given Name', 'Given Names', 'First Name(s)', 'Learner First Name', 'Learner Forename',
  ]),
  field('LastName', 'Last name', 'name', "The person's last name (surname).", EVERY_ROLE, [
    'Last Name', 'Surname', 'Family Name', 'Learner Surname', 'Learner Last Name',
  ]),
  field(
    'FullName',
    'Full name (first and last)',
    'whole-name',
    'A column holding the whole name ("Smith, Ann", "SMITH Ann" or "Ann Smith"), read as the first and last name. A column mapped to First name or Last name is used before it.',
    NONE,
    [
      'Name', 'Full Name', 'Whole Name', 'Learner Name', 'Learner Full Name', 'Student Name', 'Apprentice Name', 'Candidate Name',
      'Trainee Name', 'Person Name', 'Forename Surname', 'Forename and Surname', 'First and Last Name', 'First Name Last Name',
      'Surname Forename', 'Surname, Forename', 'Surname and Forename', 'Surname Forenames', 'Surname, Forenames',
      'Last Name, First Name', 'Name (Surname, Forename)',
    ],
  ),
  field(
    'Email',
    'Email',
    'email',
    'The email address OneFile sends the login details to. Stored lower-case. Also used to find a learner who is already in OneFile when there is no MISID or ULN. ' +
      "A staff user needs one; a learner may go without (OneFile's guide to creating users does not require it), if the row has a MIS ID, ULN or NI number to be found by.",
    STAFF,
    ['Email', 'Email Address', 'E-mail', 'E-mail Address', 'Learner Email', 'Learner Email Address'],
    ['Personal Email', 'Personal Email Address', 'Work Email', 'Contact Email'],
  ),
  field(
    'MISID',
    'MIS ID',
    'code',
    "Your MIS system's reference for the person (learner ref, person code). The importer uses it first to find a learner who is already in OneFile, so it must be unique in the file.",
    NONE,
    [
      'MIS ID', 'MIS Reference', 'MIS Ref', 'Learner Ref', 'Learner Reference', 'Learner Ref No', 'Learner No',
      'Learner No.', 'Learner Number', 'Learner Reference Number', 'Learner Ref Number', 'LearnRefNumber', 'Learner ID', 'Student ID', 'Student Number', 'Student No', 'Student Ref',
      'Person Code', 'Person Ref',
    ],
  ),
  field(
    'ULN',
    'ULN',
    'uln',
    'Unique Learner Number: 10 digits issued by the Learning Records Service; the last digit is a check digit.',
    NONE,
    ['ULN', 'Unique Learner Number', 'Unique Learner No', 'ULN Number', 'Unique Learner Number (ULN)'],
  ),
  field(
    'NINO',
    'NI number',
    'nino',
    'National Insurance number, two letters, six digits and a letter A-D (spaces allowed), e.g. QQ 12 34 56 C.',
    NONE,
    ['NINO', 'NI Number', 'NI No', 'NI No.', 'National Insurance', 'National Insurance Number', 'National Insurance No', 'NI'],
  ),
  field(
    'DOB',
    'Date of birth',
    'date',
    'Date of birth, written the UK way (dd/mm/yyyy), ISO (yyyy-mm-dd), or as an Excel date.',
    NONE,
    ['DOB', 'D.O.B.', 'Date of Birth', 'Birth Date', 'Birthdate', 'Learner DOB'],
  ),
  field('StartOn', 'Start date', 'date', 'The date the learner starts their programme.', NONE, [
    'Start Date', 'Start On', 'Learning Start Date', 'Programme Start Date', 'Learner Start Date',
  ], ['Start']),
  field(
    'PlannedEndDate',
    'Planned end date',
    'date',
    'The date the learner is expected to finish; must be after the start date.',
    NONE,
    ['Planned End Date', 'Expected End Date', 'Learning Planned End Date', 'Planned End', 'Expected End'],
    ['End Date'],
  ),
  field('EpisodeName', 'Episode', 'text', "The name of the learner's episode (programme instance) in OneFile.", NONE, [
    'Episode', 'Episode Name',
  ]),
  field(
    'CompanyName',
    'Company name (text)',
    'text',
    "Free text shown on the user's profile. It does not link the learner to a workplace: map the employer or workplace column to Placement for that.",
    NONE,
    ['Company Name'],
  ),
  field('Telephone', 'Telephone', 'phone', 'A landline or general contact number.', NONE, [
    'Telephone', 'Telephone Number', 'Telephone No', 'Phone', 'Phone Number', 'Home Tel', 'Home Telephone',
    'Home Phone', 'Tel', 'Landline',
  ]),
  field('MobileNumber', 'Mobile', 'phone', 'A mobile phone number.', NONE, [
    'Mobile', 'Mobile No', 'Mobile Number', 'Mobile Phone', 'Mobile Phone Number', 'Mobile Phone No', 'Mobile Tel', 'Mobile Telephone',
  ]),
  field('HomeAddress', 'Home address', 'address', "The person's home address, as one piece of text: columns for its lines, town, county and postcode are joined into it.", NONE, HOME_ADDRESS_PARTS),
  field('WorkAddress', 'Work address', 'address', 'The work address, as one piece of text.', NONE, [
    'Work Address', 'Workplace Address',
  ]),
  field('L12', 'Ethnicity', 'code', "Ethnicity, sent as OneFile's L12 field (usually the ILR ethnicity code).", NONE, [
    'Ethnicity', 'Ethnic Origin', 'Ethnic Group', 'L12',
  ]),
  field('L13', 'Sex', 'code', "Sex, sent as OneFile's L13 field; Male and Female are sent as M and F, anything else is not sent (a warning says so).", NONE, [
    'Sex', 'Gender', 'L13',
  ]),
  field(
    'Role',
    'Role',
    'role',
    'The kind of OneFile user: Learner, Trainee Assessor, Assessor, IQA, Employer or Observer (or their numbers 1, 4, 5, 10, 40, 45). Without a Role column every row is a learner.',
    NONE,
    ['Role', 'User Type', 'User Role', 'Account Type'],
  ),
  field(
    'Status',
    'Status (checked, not sent)',
    'status',
    "The learner's standing in your MIS (Active, Withdrawn, Completed, Break in learning). It is not sent: a row about someone who has left or finished is imported like the others, and the plan says so, so that you can take it out of the file first.",
    NONE,
    ['Status', 'Learner Status', 'Learning Status', 'Completion Status', 'CompStatus', 'Enrolment Status', 'Enrollment Status', 'Programme Status', 'Apprenticeship Status', 'Learner Status Description'],
  ),
  field(
    'Assessor',
    'Assessor',
    'reference',
    "The learner's default assessor (tutor, trainer, skills coach): their name, MIS ID or OneFile ID. Must already be an assessor in OneFile.",
    LEARNER,
    ['Assessor', 'Assessor Name', 'Default Assessor', 'Tutor', 'Trainer', 'Skills Coach', 'Coach', 'Learning Coach'],
  ),
  field(
    'Classroom',
    'Class',
    'reference',
    "The OneFile class the learner belongs to: its name, MIS ID or OneFile ID.",
    LEARNER,
    ['Classroom', 'Class', 'Class Name', 'Cohort'],
    ['Group'],
  ),
  field(
    'Placement',
    'Placement (employer)',
    'reference',
    'The workplace, which OneFile calls a placement: the employer or site the learner works at (its name, MIS ID or OneFile ID). A column headed Employer or Company in an MIS export means this. Learners, employers and observers need one.',
    NEEDS_PLACEMENT,
    ['Placement', 'Placement Name', 'Employer', 'Employer Name', 'Workplace', 'Workplace Name'],
    ['Company', 'Site'],
  ),
  field(
    'Employer',
    'Employer contact (user)',
    'reference',
    "The learner's employer USER in OneFile: a person at the workplace, such as their line manager, who has an Employer account. Not the company itself: that is the Placement.",
    NONE,
    ['Employer Contact', 'Employer User', 'Line Manager', 'Workplace Manager', 'Employer Contact Name', 'Default Employer'],
  ),
  field('IQA', 'IQA', 'reference', 'The internal quality assurer (internal verifier) assigned to the learner.', NONE, [
    'IQA', 'IV', 'Internal Verifier', 'Internal Quality Assurer', 'IQA Name',
  ]),
  field('Observer', 'Observer', 'reference', 'An observer user assigned to the learner.', NONE, ['Observer', 'Observer Name']),
  field(
    'FrameworkTemplate',
    'Framework template',
    'reference',
    "A OneFile framework template that gives the learner their standards and units with the template's dates.",
    NONE,
    ['Framework Template', 'Framework Template Name', 'Framework'],
    ['Template'],
  ),
  field(
    'Standards',
    'Standards',
    'reference-list',
    'One or more standards (title or ID). Separate several with ; or | or a new line; a comma separates only codes such as ST0070, because titles contain commas.',
    NONE,
    ['Standards', 'Standard', 'Standard Title', 'Apprenticeship Standard', 'Apprenticeship'],
    ['Programme', 'Qualification'],
  ),
  field(
    'Units',
    'Units',
    'reference-list',
    'Units of the standards (title or ID). Separate several with ; or | or a new line; a comma separates only codes.',
    NONE,
    ['Units', 'Unit', 'Unit IDs', 'Unit Codes'],
  ),
  field(
    'Organisation',
    'Organisation',
    'reference',
    'The OneFile organisation (centre) the user belongs to, by name or ID. Without this column, the organisation chosen for the import is used.',
    NONE,
    ['Organisation', 'Organization', 'Organisation Name', 'Organisation ID', 'Centre', 'Centre Name', 'Center'],
  ),
  field(
    'OneFileID',
    'OneFile ID',
    'code',
    "The user's ID in OneFile, as \"Export from OneFile\" writes it. It finds the user before MIS ID, ULN or email (so an exported sheet can change any of those) and is never sent; a row whose OneFile ID is not a user of this organisation is stopped.",
    NONE,
    ['OneFile ID', 'OneFile Learner ID'],
  ),
];

const BY_KEY = new Map<FieldKey, FieldDefinition>(FIELDS.map((f) => [f.key, f]));

export function isFieldKey(value: string): value is FieldKey {
  return BY_KEY.has(value as FieldKey);
}

export function fieldDefinition(key: FieldKey): FieldDefinition {
  const definition = BY_KEY.get(key);
  if (!definition) throw new Error(`Unknown field ${key}`);
  return definition;
}

/** A field's label as people read it ("Class" for Classroom); any other name as it is. */
export function fieldLabelOf(name: string): string {
  return isFieldKey(name) ? fieldDefinition(name).label : name;
}

export function isRequired(key: FieldKey, role: RoleKey): boolean {
  return fieldDefinition(key).requiredFor.includes(role);
}

/** The fields a user of this role cannot be created without, in catalogue order. */
export function requiredFieldsFor(role: RoleKey): FieldKey[] {
  return FIELDS.filter((f) => f.requiredFor.includes(role)).map((f) => f.key);
}

/**
 * The fields whose value must be unique within a file: they find an existing learner
 * (the plan looks a person up by each; two rows creating one NI number was an error the
 * plan found and `check`, with no OneFile, did not).
 */
export const UNIQUE_FIELDS: readonly FieldKey[] = ['MISID', 'ULN', 'NINO', 'Email'];
