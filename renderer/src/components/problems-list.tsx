import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ProblemGroupView } from '../../../shared/contract-review-types';
import { plural } from '../format';

/**
 * Review's list of problems, by column and kind, errors first: each line says what is
 * wrong on how many rows and jumps to the first cell it is on (scrolled into view, made
 * active, its reason shown under the grid).
 */
export function ProblemsList({ problems, namesChecked, fileIssues, onJump }: { problems: ProblemGroupView[]; namesChecked: boolean; fileIssues: number; onJump(problem: ProblemGroupView): void }) {
  if (problems.length === 0 && fileIssues > 0) {
    // A column OneFile needs missing, US dates...: said above the rows; no cell is wrong, but not every row can go as it is.
    return (
      <Text size="sm" c="dimmed" data-testid="no-problems">
        No cell has a problem, but read what is said above the rows about the file as a whole.
      </Text>
    );
  }
  if (problems.length === 0) {
    // Before the names are checked against OneFile, a row may still name an assessor, class or placement OneFile does not have.
    return namesChecked ? (
      <Text size="sm" c="teal" data-testid="no-problems">
        No problems: every row can be imported as it is.
      </Text>
    ) : (
      <Text size="sm" c="dimmed" data-testid="no-problems">
        No problems in the file itself. Its names (assessor, class, placement, programme) are not checked against OneFile yet.
      </Text>
    );
  }
  return (
    <Stack gap={4} data-testid="problems-list" role="list" aria-label="Problems in the file">
      {problems.map((problem) => (
        <UnstyledButton
          key={problem.key}
          role="listitem"
          onClick={() => onJump(problem)}
          p={6}
          aria-label={`${problem.header}: ${problem.kind}, ${plural(problem.rows, 'row')}. Go to row ${problem.first.row}.`}
          style={{ borderRadius: 'var(--mantine-radius-sm)', borderLeft: `3px solid var(--mantine-color-${problem.severity === 'error' ? 'red' : 'yellow'}-6)` }}
          className="problem-line"
          data-problem={problem.code}
        >
          <Group gap={6} wrap="nowrap" justify="space-between" align="flex-start">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} truncate>
                {problem.header}
                {problem.sameValue !== null && problem.sameValue !== '' ? ` “${problem.sameValue}”` : ''}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {problem.kind}
              </Text>
            </div>
            <Badge size="sm" variant="light" color={problem.severity === 'error' ? 'red' : 'yellow'} style={{ flexShrink: 0 }}>
              {plural(problem.rows, 'row')}
            </Badge>
          </Group>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
