/**
 * The user fields the importer writes with `POST User` and `POST User/{id}` (onefile-api.md,
 * Users), in the guides' spelling: what an update may carry and a whole record holds
 * (run/update-check.ts), and keys an answer is read under whatever their case
 * (answer-keys.ts). `UserFields` (users.ts) types them.
 */
export const WRITABLE_USER_FIELDS = [
  'FirstName', 'LastName', 'Email', 'DefaultAssessorID', 'ClassroomID', 'PlacementID', 'DefaultEmployerID', 'MISID', 'ULN', 'NINO',
  'DOB', 'StartOn', 'PlannedEndDate', 'CentreRegister', 'EpisodeName', 'CompanyName', 'HomeAddress', 'WorkAddress', 'Telephone',
  'MobileNumber', 'L12', 'L13', 'L14', 'L15', 'L16', 'LearnerStatusID', 'SupportFunding',
] as const;
