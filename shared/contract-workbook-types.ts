/**
 * What the view gets back from the contract's workbook and undo methods: "Export from
 * OneFile", "Download a template" (a workbook, downloaded in browser mode or saved in
 * the desktop app) and "Undo this run" (the plan first, then a run). Their progress
 * comes as `progress` events of kind `task`.
 */

/** A workbook made for the person: saved (desktop) or handed over to download (browser mode). */
export interface WorkbookFileView {
  fileName: string;
  mimeType: string;
  /** Desktop: where the user saved it. Null when the user cancelled or the face cannot save. */
  savedTo: string | null;
  /** Browser mode: the file itself, for the view to download. Null when saved. */
  contentBase64: string | null;
  organisation: { id: number; name: string };
  /** What is in it, sheet by sheet (the export) or list by list (the template). */
  contents: Array<{ name: string; count: number }>;
  /** OneFile calls it took (all reads). */
  calls: number;
}

/** The window's tasks that only read OneFile and wait for it where it does not answer (see `stopTask`). */
export const READING_TASKS = ['export', 'template', 'undo-plan', 'plan', 'names'] as const;

/**
 * Progress of a task that reads OneFile: a workbook or an undo plan being made, an import
 * planned, Review's check of the file's names (`names`: the organisation's directory
 * read): a bar, the calls made, the time left, and whether OneFile is not answering
 * (`unanswered`).
 */
export interface TaskProgressEvent {
  kind: 'task';
  task: (typeof READING_TASKS)[number];
  /** 0..1 */
  value: number;
  title: string;
  description: string;
  calls: number;
  /** Null until it can be told. */
  etaMs: number | null;
  /**
   * OneFile stopped answering (no connection, time-outs, server errors, a maintenance
   * page): since when, until the next try (from the event), and how long in all before the
   * task gives up. The task only reads, so it is tried again from the start; absent while
   * OneFile answers.
   */
  unanswered?: { since: number; nextLookInMs: number; giveUpAfterMs: number };
}

export interface UndoFieldView {
  label: string;
  /** As the run set it (what OneFile holds now, for a field put back). */
  runSet: string;
  /** As OneFile had it before the run. */
  before: string;
  /** As OneFile has it now (a field left as it is). */
  now: string;
}

export interface UndoUserView {
  userId: number;
  name: string;
  row: number;
}

/** What undoing a run would do, shown before anything is written. Lists hold the first entries; the undo report holds all. */
export interface UndoPlanView {
  runId: string;
  fileName: string;
  organisation: { id: number; name: string };
  environment: string;
  live: boolean;
  restore: { users: number; fields: number; list: Array<UndoUserView & { fields: UndoFieldView[] }> };
  /** `importedAgain`: later imports that changed some of these users (archiving undoes that too), in a sentence; null when none. */
  archive: { users: number; list: UndoUserView[]; importedAgain: string | null };
  left: { count: number; list: Array<UndoUserView & { field: UndoFieldView | null; reason: string }> };
  /** Learning aims, unit summaries, staff assignments, classes: for the centre to remove in OneFile. */
  remove: { count: number; onArchivedLearners: number; list: Array<{ row: number; learnerId: number | null; learner: string; what: string; ids: string }> };
  already: { fields: number; users: number };
  /** Calls made to plan this, and the writes the undo would make. */
  calls: { reads: number; writes: number };
  /** Nothing to write: OneFile already holds what it held before the run (or what was changed since). */
  nothingToUndo: boolean;
  /** An undo of this run that stopped part-way: "Undo" carries it on instead. */
  unfinishedUndo: string | null;
}
