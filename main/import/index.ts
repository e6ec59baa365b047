/**
 * The import engine's one entry: what the faces (the CLI, the app's service, browser
 * mode's host) use of it. The stages live in rooms (`directory/`, `plan/`, `run/`,
 * `journal/`, `report/`, `environment/`); a face reaches them only through here, so a
 * room can change inside without the faces noticing (docs/architecture.md).
 */

export { confirmLoadedDirectory, directoryAgeMs, loadDirectory } from './directory/cache';
export { DIRECTORY_STEP_COUNT, type DirectoryProgress } from './directory/download';
export { createResolver, isReferenceField, recordsOf, rememberResolution, type Candidate, type ReferenceField, type Resolution, type Resolver } from './directory/resolve';
export type { Directory } from './directory/types';
export { ChoiceError, checkAccept, checkLeaveOut, leftOutChoice, profileWithChoices, type ValueChoice } from './directory/value-choices';
export {
  connectTo,
  directoryCache,
  environmentKeyOf,
  environmentName,
  sandboxStatePath,
  type BuiltInSandbox,
  type Connection,
  type ConnectOptions,
  type Endpoint,
} from './environment/connection';
export { newUserEmailsOf } from './environment/new-user-emails';
export { findingsPath, learnedByImports, learnedNotProbed, readFindings, saveAssignPath, saveProbeFindings } from './environment/findings';
export { columnMisfits, fileSha256, mapColumns, readSource, takeIn, type MappingOptions, type SourceReadOptions } from './intake';
export { earlierRuns } from './journal/assignment-ledger';
export { ledgerWithStoppedRuns } from './run/stopped-runs';
export { sameOneFile, supersededRunMessage, supersedingWrite } from './run/later-writes';
export { PLAN_FRESH_MS, planAgeMs, planTooOld } from './run/plan-age';
export { readJournal, replayJournal } from './journal/journal';
export { describeOrganisationData, findOrganisationData, forgetOrganisationData, type OrganisationDataKey } from './journal/organisation-data';
export { RESUMABLE_STATES, defaultDataDir, NoHomeFolder, isRunId, listRuns, readRun, readRunPlan, runPaths, updateRun, type RunCounts, type RunInfo } from './journal/run-store';
export { directoryNeedsOf, planImport, roleOfRow, withDefaultRole } from './plan/plan';
export { coversNeeds, type DirectoryNeeds } from './directory/needs';
export { createUserReader, planReaders } from './plan/readers';
export { directoryReadingProgress, directoryStepWords, planProgress, type PlanProgress } from './plan/progress';
export type { UserReader } from './plan/row';
export { confirmNamedStaff } from './plan/confirm-staff';
export { namesakesInFile } from './plan/namesakes';
export { createMissingArgument, isAskedFor, isToBeCreated, parseCreateMissing, type CreatableField, type CreateMissing } from './plan/create-missing';
export { listUnresolvedValues, referenceProblem, resolveRowReferences, type ReferenceIssue, type UnresolvedValue } from './plan/references';
export { estimateDurationMs, formatDuration } from './plan/summary';
export { planWarningGroups } from './plan/warnings';
export type { ImportPlan, RowPlan, UpdateUserOperation } from './plan/types';
export type { ReportFiles, ReportSheet } from './report/report';
export { writeReportXlsx } from './report/xlsx';
export { checkReportFolder, reportFolderProblem } from './report/report-folder';
export { buildPlanSheet, writePlanReport, type PlanReportFiles, type PlanSheetSource } from './report/plan-report';
export type { ProgressEvent, ProgressTotals, RowProgress, RunnerState } from './run/progress';
export { describeRowsInFlight, mostRowsInFlight, parseRowsInFlight, type RowsInFlightSetting } from './run/rows-in-flight';
export { resumeRefusedByRecord } from './run/resume-refusal';
export { resumeRun, startRun, type FinishedRun, type RunData, type RunHandle } from './run/run-folder';
export { openImport, prepareImport, profilesFolder, type ImportSession, type OpenedImport, type PreparedImport, type ProfileInUse, type SessionStep } from './session';
export { exportFromOneFile, templateFromOneFile, type ExportOptions, type ExportResult, type TemplateOptions, type TemplateResult } from './export/export-onefile';
export type { TaskProgress } from './export/progress';
export { laterRunsNote, planUndo, shownUndoValue, type UndoPlan, type UndoField, type UndoUser } from './undo/undo-plan';
export { createUndoRun, undoRunCounts, unfinishedUndoOf, type UndoRunCounts } from './undo/undo-run';
export type { RemoveEntry } from './undo/left-over';
export type { OneFileUnanswered, OutageTiming } from './run/outage';
export { untilOneFileAnswers, type WaitForOneFile } from './environment/until-answering';
