/** The OneFile API client: the only way the rest of the app talks to OneFile. */
export { createOneFileClient, type OneFileClient, type OneFileClientOptions } from './client';
export { tidyCustomerToken } from './session';
export { isAddressGivenByHand, resolveBaseUrl, ONEFILE_BASE_URLS, type OneFileEnvironment } from './environments';
export { OneFileError, isOneFileError, type OneFileErrorKind } from './errors';
export { sendOnlyWhile } from './call-scope';
export { RateLimiter, type RateLimiterOptions, type RateLimiterStats } from './limiter';
export { sharedRateLimiter } from './shared-limiter';
export { collect, type PageOptions } from './paging';
export {
  ASSIGN_PATH_READINGS,
  type ApiKnowledge,
  type AssignPathReading,
  type CallAvailability,
  type TemplateApplyReading,
  type UserFieldsKept,
  type UserUpdatesReading,
  type UserWrite,
} from './knowledge';
export { ONEFILE_ROLE, type UserFields, type UserFilter, type Assignment } from './users';
export { keyFieldInUse, refusedAsAlreadyGiven, type KeyFieldInUse } from './refusals';
export type { NamedFilter, NewPlace } from './structure';
export type { StandardFilter, UnitFilter } from './programme';
export type { CallInfo, RetryPolicy } from './transport';
export { isMetByEveryTry, systemProxyUrl, type NetworkOptions } from './network';
export type {
  Customer,
  Organisation,
  OneFileUser,
  Classroom,
  Placement,
  Standard,
  Unit,
  FrameworkTemplate,
  LearningAim,
  UnitSummary,
  LearnerStatus,
} from './schemas';
