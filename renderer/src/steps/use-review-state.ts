import { useCallback, useState } from 'react';
import type { ChoiceView, ProblemGroupView } from '../../../shared/contract-review-types';
import type { CountsView, UnresolvedView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';

/** What the side panel shows, kept in step with every change: counts, problems, names to resolve, choices made. */
export function useReviewState() {
  const { client } = useBridge();
  const [counts, setCounts] = useState<CountsView | null>(null);
  const [problems, setProblems] = useState<ProblemGroupView[]>([]);
  const [unresolved, setUnresolved] = useState<UnresolvedView[]>([]);
  const [choices, setChoices] = useState<ChoiceView[]>([]);
  const refresh = useCallback(async () => {
    const [nextCounts, nextProblems, nextUnresolved, nextChoices] = await Promise.all([
      client.getCounts(),
      client.listProblems(),
      client.listUnresolved(),
      client.listChoices(),
    ]);
    setCounts(nextCounts);
    setProblems(nextProblems);
    setUnresolved(nextUnresolved);
    setChoices(nextChoices);
    return nextProblems;
  }, [client]);
  return { counts, setCounts, problems, unresolved, choices, refresh };
}
