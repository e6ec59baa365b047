import { useCallback, useEffect, useState } from 'react';
import { STEPS, type StepId } from './steps';

/**
 * The step the user is on, kept in the window's history: each step is a history entry
 * (`#/map`), so the browser's Back and Forward move between steps inside the app, and
 * a reload comes back to the step it left. The launch key's fragment (browser mode's
 * `#key=...`) is taken and removed before this reads the address.
 */

function stepFromAddress(): StepId | null {
  const match = /^#\/([a-z]+)$/.exec(window.location.hash);
  return match && (STEPS as readonly string[]).includes(match[1]) ? (match[1] as StepId) : null;
}

export interface StepNavigation {
  step: StepId;
  /** Moves to a step: a new history entry, or the current one replaced (a correction, not a move the user made). */
  go(next: StepId, options?: { replace?: boolean }): void;
}

export function useStepNavigation(): StepNavigation {
  const [step, setStep] = useState<StepId>(() => stepFromAddress() ?? 'connect');

  useEffect(() => {
    if (!stepFromAddress()) window.history.replaceState({ step }, '', `#/${step}`);
    const onPop = () => setStep(stepFromAddress() ?? 'connect');
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
    // Once, when the window opens: later moves go through `go`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const go = useCallback((next: StepId, options: { replace?: boolean } = {}) => {
    setStep(next);
    const address = `#/${next}`;
    if (window.location.hash === address) return;
    if (options.replace) window.history.replaceState({ step: next }, '', address);
    else window.history.pushState({ step: next }, '', address);
  }, []);

  return { step, go };
}

/**
 * While `active`, leaving the page (closing the tab, reloading, Back past the first
 * step) asks first. Browser mode only: the desktop shell asks before closing itself.
 */
export function useLeaveGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when a value is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [active]);
}
