/** What a problem with a cell or a row is, by kind, and how much it weighs. */

export type Severity = 'error' | 'warning';

export type IssueCode =
  | 'required'
  | 'email-invalid'
  | 'uln-invalid'
  | 'nino-invalid'
  | 'date-invalid'
  | 'date-in-future'
  | 'dob-implausible'
  | 'date-implausible'
  | 'end-before-start'
  | 'role-unknown'
  | 'role-ambiguous'
  | 'phone-invalid'
  | 'excel-rounded'
  | 'excel-error'
  /** A word for "no value" ("N/A", "Not known", "-") in a date, ULN, NI number, email or phone cell: read as empty. */
  | 'no-value-word'
  /** The ILR's ULN for a learner who has none yet (9999999999): read as no ULN. */
  | 'uln-not-known'
  | 'name-suspicious'
  | 'name-split'
  | 'name-incomplete'
  | 'status-left'
  | 'duplicate'
  /** A later row about the person an earlier row imports (shared/people-in-file). */
  | 'same-person'
  /**
   * `check` only (validation does not say it): a later row with an earlier row's name and
   * date of birth and no key in common, perhaps one person twice (main/import/plan/namesakes.ts).
   */
  | 'namesake-in-file'
  /** A standard or unit a person chose to leave out: not a OneFile record (see `LEFT_OUT` in ./profile). */
  | 'left-out'
  /** A sex other than M or F (the ILR's codes, which OneFile's L13 holds): not sent. */
  | 'sex-not-sent'
  /** A learner with no email: created without one (OneFile's guide lists it as optional for a learner). */
  | 'email-missing'
  /** A learner with no email, MIS ID, ULN or NI number: a second import could not find them. */
  | 'no-finding-key';
