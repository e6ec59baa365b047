import {
  RECORD_KINDS,
  type AssignmentRecord,
  type ClassroomRecord,
  type CustomerRecord,
  type FrameworkTemplateRecord,
  type LearningAimRecord,
  type OrganisationRecord,
  type PlacementRecord,
  type Put,
  type RecordKind,
  type RecordsByKind,
  type StandardRecord,
  type UnitId,
  type UnitRecord,
  type UnitSummaryRecord,
  type UserRecord,
} from './records';

type Tables = { [K in RecordKind]: Map<string, RecordsByKind[K]> };

/**
 * Everything the sandbox holds, in insertion order (which is ID order for the seed and
 * for everything created later). Every change goes through `put`, which also queues it
 * for the persistence log: the server flushes the queue before it answers a call.
 * Tests read it directly to assert what a run did.
 */
export class SandboxStore {
  private readonly tables = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, new Map()])) as Tables;
  private readonly maxIds = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, 0])) as Record<RecordKind, number>;
  private readonly usernames = new Set<string>();
  private pending: Put[] = [];
  /** When each record made since the sandbox started was made (`kind:ID`), for the `searchLagMs` switch. */
  private readonly madeAt = new Map<string, number>();
  private unstamped: string[] = [];

  /** Stores the record's new version and queues it to be persisted. */
  put<K extends RecordKind>(kind: K, record: RecordsByKind[K]): void {
    const key = `${kind}:${String(record.ID)}`;
    if (!this.tables[kind].has(String(record.ID))) this.unstamped.push(key);
    this.load(kind, record);
    this.pending.push({ kind, record: structuredClone(record) } as Put);
  }

  /** Stores a record without queueing it (seeding and replaying the log). */
  load<K extends RecordKind>(kind: K, record: RecordsByKind[K]): void {
    const id = record.ID as number | string;
    (this.tables[kind] as Map<string, RecordsByKind[K]>).set(String(id), record);
    if (typeof id === 'number' && id > this.maxIds[kind]) this.maxIds[kind] = id;
    if (kind === 'users') this.usernames.add((record as UserRecord).Username.toLowerCase());
  }

  /** Marks the records made since the last stamp as made at `at` (the server stamps after each call and background task). */
  stampMade(at: number): void {
    for (const key of this.unstamped) if (!this.madeAt.has(key)) this.madeAt.set(key, at);
    this.unstamped = [];
  }

  /** When a record was made, if the sandbox made it (seeded and replayed records: unknown, long ago). */
  madeAtOf(kind: RecordKind, id: number | string): number | undefined {
    return this.madeAt.get(`${kind}:${String(id)}`);
  }

  /** The changes made since the last call, oldest first. */
  takePending(): Put[] {
    const pending = this.pending;
    this.pending = [];
    return pending;
  }

  /** Makes a kind's integer IDs start at `firstId` at the lowest (realistic-looking IDs for the seed). */
  startIdsAt(kind: RecordKind, firstId: number): void {
    this.maxIds[kind] = Math.max(this.maxIds[kind], firstId - 1);
  }

  /** The next free integer ID of a kind. */
  nextId(kind: RecordKind): number {
    return this.maxIds[kind] + 1;
  }

  all<K extends RecordKind>(kind: K): RecordsByKind[K][] {
    return [...this.tables[kind].values()] as RecordsByKind[K][];
  }

  count(kind: RecordKind): number {
    return this.tables[kind].size;
  }

  get<K extends RecordKind>(kind: K, id: number | string): RecordsByKind[K] | undefined {
    return this.tables[kind].get(String(id)) as RecordsByKind[K] | undefined;
  }

  isUsernameTaken(username: string): boolean {
    return this.usernames.has(username.toLowerCase());
  }

  customer(): CustomerRecord {
    return this.all('customers')[0];
  }

  organisation(id: number): OrganisationRecord | undefined {
    return this.get('organisations', id);
  }

  user(id: number): UserRecord | undefined {
    return this.get('users', id);
  }

  /** Users of an organisation, archived ones included; `role` narrows them. */
  usersOf(organisationId: number, role?: number): UserRecord[] {
    return this.all('users').filter((u) => u.OrganisationID === organisationId && (role === undefined || u.Role === role));
  }

  classroom(id: number): ClassroomRecord | undefined {
    return this.get('classrooms', id);
  }

  placement(id: number): PlacementRecord | undefined {
    return this.get('placements', id);
  }

  standard(id: number): StandardRecord | undefined {
    return this.get('standards', id);
  }

  /** Unit IDs are opaque text: an exact match first, then one ignoring case. */
  unit(id: UnitId): UnitRecord | undefined {
    const exact = this.get('units', id);
    if (exact) return exact;
    const wanted = String(id).toLowerCase();
    return this.all('units').find((u) => String(u.ID).toLowerCase() === wanted);
  }

  template(id: number): FrameworkTemplateRecord | undefined {
    return this.get('templates', id);
  }

  learningAimsOf(userId: number): LearningAimRecord[] {
    return this.all('learningAims').filter((a) => a.UserID === userId);
  }

  unitSummariesOf(userId: number): UnitSummaryRecord[] {
    return this.all('unitSummaries').filter((s) => s.UserID === userId);
  }

  /** Staff users assigned to a learner (by POST User/{staffId}/Assign). */
  assignmentsOf(learnerId: number): AssignmentRecord[] {
    return this.all('assignments').filter((a) => a.LearnerID === learnerId);
  }
}
