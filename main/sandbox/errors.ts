/**
 * Validation failures answer 400 `{"code": <negative int>, "message": "..."}` like
 * OneFile. -11, -57 and -58 are OneFile's own; every other code is the sandbox's
 * choice (the real codes are unknown) and is listed in README.md.
 */
export const ERROR_CODE = {
  organisationNotFound: -11,
  placementNotFound: -57,
  classroomNotFound: -58,
  // The sandbox's own codes, from -100 down.
  requiredFieldMissing: -100,
  badEmail: -101,
  defaultAssessorNotAssessor: -102,
  userNotFound: -103,
  standardNotAssigned: -104,
  unitNotInStandard: -105,
  badLevel: -106,
  badDate: -107,
  badRole: -108,
  standardNotFound: -109,
  unitNotFound: -110,
  notALearner: -111,
  defaultEmployerNotEmployer: -112,
  notAWholeNumber: -113,
  frameworkTemplateNotFound: -114,
  badBody: -115,
  badSex: -116,
  notAStaffUser: -126,
  unitNotAssigned: -117,
  badPaging: -118,
  learnerStatusNotFound: -119,
  badFlag: -120,
  sessionNotValid: -121,
  unknownFilter: -122,
  textTooLong: -123,
  alreadyAssigned: -124,
  valueInUse: -125,
} as const;

/** An answer other than success, thrown by a handler and turned into a response by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

export function validationError(code: number, message: string): ApiError {
  return new ApiError(400, code, message);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, undefined, message);
}
