import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * One rate budget per customer token on one machine. OneFile counts calls per token,
 * whoever sends them, so importers with the same token in several processes must share
 * its 100 calls a minute, as two clients in one process share its limiter.
 *
 * Each process using the token keeps a lease: a small file in one folder per (base URL,
 * token) under the data folder, named by a hash (never the token, never the hash the
 * limiter registry uses). The lease lists the process's calls still in the window, as
 * its limiter counts them: when each leaves it, or null while it is in flight. A call
 * is claimed before it is sent, in two phases: publish the lease with the new calls,
 * read the others again, and keep only as many as still fit the budget with everyone's
 * published calls (the rest are withdrawn at once, which is always safe). Of two
 * processes claiming at once, the one that reads second sees the other's claim, so
 * together they never pass the budget; nothing is reserved, so no part of the budget
 * waits for a process that does not need it. A process kept waiting says so in its
 * lease; while one is, the others take no more than an equal part of the window, so
 * the calls leaving it go to the one waiting and neither importer stalls the other.
 *
 * A lease is written when a call is claimed and when one is answered, and renewed
 * while a call is in flight; it counts until a while after it was last written
 * (`staleMs`, then a window for what it sent): a process that dies frees its share
 * then, and its file is removed by the next process that looks (one that ends
 * normally removes its own). Nothing is written while nothing is sent. Files are
 * written whole (temporary file, rename), 0600, without fsync: a lease means nothing
 * once the machine restarts. If the folder cannot be used (a read-only disk), the
 * process falls back to the whole budget, as before leases: the import goes on, and a
 * 429 is still honoured.
 */

/** What the lease needs of its rate limiter. */
export interface SharedLimiter {
  /** Read at each use: the limiter may be reconfigured. */
  budget(): number;
  windowMs(): number;
  /** When each call in the window leaves it (Infinity while in flight). */
  releases(): number[];
}

/** What the rate limiter asks of its lease (see RateLimiter.shareWith). */
export interface BudgetShare {
  attach(limiter: SharedLimiter): void;
  /** Claims up to `wanted` more calls for the window now; returns how many may be sent (already published). */
  claim(wanted: number): number;
  /** When a claim that got nothing is worth trying again: the next time another process's call leaves the window. */
  retryAt(): number;
  /** A call was answered: its release time is known, and the others should see it. */
  changed(): void;
  /** Stops renewing; what is still in the window keeps counting until it leaves. */
  close(): void;
  /** Processes using the budget now, this one included (as of the last claim): calls paced evenly leave each its part of the pace. */
  sharers(): number;
}

export interface BudgetLeaseOptions {
  /** The folder of this (base URL, token): see `budgetLeaseFolder`. */
  folder: string;
  clock?: () => number;
  /** A lease not renewed for this long counts as stopped (its calls then count a window more). Default 5 s. */
  staleMs?: number;
}

interface LeaseFile {
  v: 2;
  pid: number;
  host: string;
  budget: number;
  windowMs: number;
  /** The calls in the window: when each leaves it, null while in flight. */
  releases: (number | null)[];
  /** Calls waiting for room (0 when none), as of `waitingAt`. */
  waiting: number;
  waitingAt: number;
  renewedAt: number;
  /** Unless renewed, the lease counts until then. */
  countsUntil: number;
}

/** The folder for one (base URL, customer token) under the data folder: named by a hash, so no token or token hash shows. */
export function budgetLeaseFolder(dataDir: string, baseUrl: string, customerToken: string): string {
  const key = createHash('sha256').update(`onefile-importer rate budget\n${baseUrl}\n${customerToken}`).digest('hex').slice(0, 32);
  return path.join(dataDir, 'rate-budget', key);
}

/** Calls a lease holds in the window at `now`. */
export function callsInWindow(lease: Pick<LeaseFile, 'releases' | 'countsUntil'>, now: number): number {
  if (now >= lease.countsUntil) return 0;
  return lease.releases.filter((release) => release === null || release > now).length;
}

/** Every time a lease gives, `by` earlier: a lease read as it was written before the clock was put back `by`. */
function shiftedBack(lease: LeaseFile, by: number): LeaseFile {
  return {
    ...lease,
    releases: lease.releases.map((release) => (release === null ? null : release - by)),
    waitingAt: lease.waitingAt - by,
    renewedAt: lease.renewedAt - by,
    countsUntil: lease.countsUntil - by,
  };
}

const openLeases = new Set<BudgetLease>();
let exitHookInstalled = false;

/** A process ending normally leaves its lease as it is, renewed one last time; one that is killed leaves it to expire. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lease of openLeases) lease.close();
  });
}

export class BudgetLease implements BudgetShare {
  private readonly folder: string;
  private readonly file: string;
  private readonly name: string;
  private readonly clock: () => number;
  private readonly staleMs: number;
  private limiter?: SharedLimiter;
  /** The lease file exists (written by us since the last time it was given up). */
  private open = false;
  /** The folder could not be used: the whole budget, unshared. */
  private unusable = false;
  private renewal?: NodeJS.Timeout;
  private publishPending = false;
  /** From the last look at the others: when the next of their calls leaves the window. */
  private othersNextRelease = Infinity;
  /** The last claim lost a race: try again almost at once. */
  private contended = false;
  /** Processes with calls in the window or waiting, this one included, as of the last look. */
  private activeSharers = 1;
  /** Leases found renewed later than the clock said (see keptToClock): their renewal, and how far the clock had gone back. */
  private readonly writtenBeforeClockWentBack = new Map<string, { renewedAt: number; by: number }>();
  /** Calls waiting for room, as last published, and when. */
  private waiting = 0;
  private waitingAt = 0;

  constructor(options: BudgetLeaseOptions) {
    this.folder = options.folder;
    this.clock = options.clock ?? Date.now;
    this.staleMs = options.staleMs ?? 5_000;
    this.name = `${process.pid}-${randomBytes(4).toString('hex')}.json`;
    this.file = path.join(this.folder, this.name);
  }

  attach(limiter: SharedLimiter): void {
    this.limiter = limiter;
  }

  claim(wanted: number): number {
    const limiter = this.requireLimiter();
    if (wanted <= 0) return 0;
    if (this.unusable) return wanted;
    try {
      const now = this.clock();
      const own = this.ownReleases(now);
      const first = this.room(now, own.length);
      this.contended = false;
      if (first <= 0) {
        this.sayWaiting(now, own, wanted);
        return 0;
      }
      const claimed = Math.min(wanted, first);
      this.waiting = wanted - claimed;
      this.waitingAt = now;
      this.publish(now, [...own, ...Array<null>(claimed).fill(null)]);
      // Phase two: keep only what still fits with what the others published meanwhile.
      const kept = Math.max(0, Math.min(claimed, this.room(now, own.length)));
      if (kept < claimed) {
        this.contended = true;
        this.waiting = wanted - kept;
        this.publish(now, [...own, ...Array<null>(kept).fill(null)]);
      }
      return kept;
    } catch {
      this.giveUpSharing();
      return Math.min(wanted, limiter.budget());
    }
  }

  sharers(): number {
    return this.unusable ? 1 : this.activeSharers;
  }

  retryAt(): number {
    const now = this.clock();
    // Another process's call in flight leaves the window a window after its answer: look again soon to learn when.
    const poll = now + Math.max(2, Math.round(this.requireLimiter().windowMs() / 200));
    if (this.contended) return now + 1 + Math.floor(Math.random() * 3);
    return Math.min(poll, Number.isFinite(this.othersNextRelease) ? this.othersNextRelease + 1 : poll);
  }

  changed(): void {
    if (!this.open || this.unusable || this.publishPending) return;
    this.publishPending = true;
    setImmediate(() => {
      this.publishPending = false;
      if (!this.open) return;
      try {
        this.publish(this.clock(), this.ownReleases(this.clock()));
      } catch {
        this.giveUpSharing();
      }
    });
  }

  close(): void {
    this.stopRenewal();
    openLeases.delete(this);
    if (!this.open) return;
    this.open = false;
    try {
      const now = this.clock();
      const own = this.ownReleases(now);
      if (own.length === 0) fs.rmSync(this.file, { force: true });
      else this.write(this.describe(now, own));
    } catch {
      // The folder is gone or unwritable: the lease expires by itself.
    }
  }

  private requireLimiter(): SharedLimiter {
    if (!this.limiter) throw new Error('The budget lease is not attached to a rate limiter.');
    return this.limiter;
  }

  private ownReleases(now: number): (number | null)[] {
    return this.requireLimiter()
      .releases()
      .filter((release) => release > now)
      .map((release) => (Number.isFinite(release) ? release : null));
  }

  /**
   * Calls this process may add now: the budget less everyone's calls in the window (the
   * others' as published); while another process waits, no more than an equal part.
   */
  private room(now: number, ownCalls: number): number {
    const limiter = this.requireLimiter();
    let budget = limiter.budget();
    let others = 0;
    let active = 1;
    let othersWait = false;
    let next = Infinity;
    for (const lease of this.others(now)) {
      budget = Math.min(budget, lease.budget);
      const calls = callsInWindow(lease, now);
      const waits = lease.waiting > 0 && now - lease.waitingAt < this.waitingCountsMs();
      others += calls;
      othersWait ||= waits;
      if (calls > 0 || waits) active++;
      for (const release of lease.releases) if (release !== null && release > now) next = Math.min(next, release);
    }
    this.othersNextRelease = next;
    this.activeSharers = active;
    const free = budget - others - ownCalls;
    return othersWait ? Math.min(free, Math.floor(budget / active) - ownCalls) : free;
  }

  /** How long a lease's word that it waits counts: it says it again while it still waits. */
  private waitingCountsMs(): number {
    return Math.max(20, this.requireLimiter().windowMs() / 10);
  }

  /** Publishes that callers wait here (when that is news, or to keep it fresh), so the others leave room. */
  private sayWaiting(now: number, own: (number | null)[], wanted: number): void {
    if (wanted === this.waiting && now - this.waitingAt < this.waitingCountsMs() / 2) return;
    this.waiting = wanted;
    this.waitingAt = now;
    this.publish(now, own, true);
  }

  private describe(now: number, releases: (number | null)[]): LeaseFile {
    const limiter = this.requireLimiter();
    return {
      v: 2,
      pid: process.pid,
      host: os.hostname(),
      budget: limiter.budget(),
      windowMs: limiter.windowMs(),
      releases,
      waiting: this.waiting,
      waitingAt: this.waitingAt,
      renewedAt: now,
      countsUntil: now + this.staleMs + limiter.windowMs(),
    };
  }

  private publish(now: number, releases: (number | null)[], evenIfEmpty = false): void {
    if (!this.open) {
      if (releases.length === 0 && !evenIfEmpty) return;
      fs.mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      this.open = true;
      openLeases.add(this);
      installExitHook();
    }
    this.write(this.describe(now, releases));
    // A call answered leaves the window before the lease stops counting; one in flight may not.
    if (releases.includes(null)) this.renewLater();
  }

  private write(lease: LeaseFile): void {
    const temporary = `${this.file}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(lease), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
  }

  /** Renews the lease while a call is in flight, so the others never take it for a dead process's. */
  private renewLater(): void {
    if (this.renewal) return;
    this.renewal = setTimeout(() => {
      this.renewal = undefined;
      if (!this.open) return;
      try {
        this.publish(this.clock(), this.ownReleases(this.clock()));
      } catch {
        this.giveUpSharing();
      }
    }, Math.max(10, Math.floor(this.staleMs / 3)));
    this.renewal.unref();
  }

  private stopRenewal(): void {
    if (this.renewal) clearTimeout(this.renewal);
    this.renewal = undefined;
  }

  private giveUpSharing(): void {
    this.unusable = true;
    this.close();
  }

  /**
   * A lease renewed "later than now" was written before the system clock was put back (by
   * hand, by the network's time): its calls would count, and a dead process's lease keep
   * its part of the budget, as much longer as the clock went back. Such a lease is read as
   * written when it was first seen (never sooner than it can count), until its process
   * writes it again on the clock as it is now.
   */
  private keptToClock(name: string, lease: LeaseFile, now: number): LeaseFile {
    let seen = this.writtenBeforeClockWentBack.get(name);
    if (seen?.renewedAt !== lease.renewedAt) seen = undefined;
    if (!seen && lease.renewedAt > now) {
      seen = { renewedAt: lease.renewedAt, by: lease.renewedAt - now };
      this.writtenBeforeClockWentBack.set(name, seen);
    }
    if (!seen) {
      this.writtenBeforeClockWentBack.delete(name);
      return lease;
    }
    return shiftedBack(lease, seen.by);
  }

  /** The other leases in the folder; those that stopped counting are removed. */
  private others(now: number): LeaseFile[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: LeaseFile[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || name === this.name) continue;
      const file = path.join(this.folder, name);
      let lease: LeaseFile;
      try {
        lease = JSON.parse(fs.readFileSync(file, 'utf8')) as LeaseFile;
      } catch {
        continue; // Removed meanwhile.
      }
      if (!lease || lease.v !== 2 || !Array.isArray(lease.releases)) continue;
      lease = this.keptToClock(name, lease, now);
      if (now >= lease.countsUntil) {
        fs.rmSync(file, { force: true });
        fs.rmSync(`${file}.tmp`, { force: true });
        continue;
      }
      found.push(lease);
    }
    return found;
  }
}
