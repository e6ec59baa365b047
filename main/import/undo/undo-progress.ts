import type { OneFileClient } from '../../onefile';
import { estimateLeft, type TaskProgress } from '../export/progress';

/**
 * Progress of planning an undo, told after every call: the plan reads OneFile (each
 * user the run changed or created, some learners' learning aims) before the person
 * sees anything, which on a large run takes minutes at 100 calls a minute. Each phase
 * says the fewest calls it still has to make; a paged search never says how many pages
 * it has, so while one is going at least one more call is counted (a floor, never a
 * made-up total).
 */
export interface UndoPlanProgress {
  /** A phase begins: what it reads, in words, and the fewest calls it will make. */
  phase(description: string, atLeast: number, paged?: boolean): void;
  /** One call made. */
  call(): void;
  /** The plan is made. */
  done(): void;
}

/** In flight at once while the users are read one by one (see current-users.ts). */
const IN_FLIGHT = 8;

export function undoPlanProgress(client: Partial<Pick<OneFileClient, 'eta' | 'latencyMs'>>, onProgress?: (progress: TaskProgress) => void): UndoPlanProgress {
  let calls = 0;
  let left = 0;
  let paged = false;
  let description = "Reading the run's journal";
  const tell = (phase: TaskProgress['phase']) => {
    if (!onProgress) return;
    const value = phase === 'done' ? 1 : calls + left === 0 ? 0 : calls / (calls + left);
    const timed = typeof client.eta === 'function' && typeof client.latencyMs === 'function';
    const etaMs = phase === 'done' ? 0 : timed ? estimateLeft(client as Pick<OneFileClient, 'eta' | 'latencyMs'>, left, IN_FLIGHT) : null;
    onProgress({ phase, value, calls, etaMs, description });
  };
  return {
    phase(words, atLeast, isPaged = false) {
      description = words;
      left = atLeast;
      paged = isPaged;
      tell('reading');
    },
    call() {
      calls += 1;
      left = Math.max(left - 1, paged ? 1 : 0);
      tell('reading');
    },
    done() {
      left = 0;
      description = `Planned from ${calls} OneFile ${calls === 1 ? 'call' : 'calls'}`;
      tell('done');
    },
  };
}
