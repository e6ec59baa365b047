import { Alert, Button, Group, Text } from '@mantine/core';
import type { CountsView } from '../../../shared/contract-types';
import type { GridNotice } from './use-grid-clipboard';

/**
 * What Review says above the rows before anyone goes on: what the file as a whole lacks (a
 * column OneFile needs to create a learner, fixed on Map), and, while an import holds the
 * app, that a change asked for is not made (the line above the rows is ./import-under-way).
 */

/** Said by the grid when a change is asked for while an import holds the app (main refuses it too). */
export const NOT_CHANGED_DURING_IMPORT: GridNotice = {
  color: 'red',
  title: 'Not changed: an import is under way',
  text: 'The import takes the rows as they were when it started. Change them once it has finished, or has been cancelled.',
};

/** The title of a file issue Review shows: Map's for the columns a new learner needs (of users, where the file has roles). */
function titleOf(issue: CountsView['fileIssues'][number]): string {
  if (issue.code === 'create-columns-missing') return `Needed to create new ${issue.message.includes('new users') ? 'users' : 'learners'}`;
  if (issue.code === 'learner-email-required') return 'New learners need an email in this OneFile';
  return 'The file as a whole';
}

/** File issues fixed on Map: a field OneFile needs to create a learner with no column and no value for every row. */
const FIXED_ON_MAP = new Set(['missing-column', 'create-columns-missing']);

/** The file issues Review shows above the rows (the others are Load's and Map's to say). */
export function fileIssuesShown(issues: CountsView['fileIssues']): CountsView['fileIssues'] {
  return issues.filter((issue) => issue.severity === 'error' || issue.code === 'create-columns-missing' || issue.code === 'learner-email-required');
}

/**
 * The file as a whole: errors (they stop the import) in red, and the columns only a new
 * learner needs in yellow, said before the plan, which alone can tell (from OneFile) which
 * rows are about new learners. Each names what to do, with the way to Map where it is done there.
 */
export function FileAsAWhole({ issues, onOpenMap }: { issues: CountsView['fileIssues']; onOpenMap(): void }) {
  return fileIssuesShown(issues).map((issue) => (
    <Alert
      key={issue.message}
      color={issue.severity === 'error' ? 'red' : 'yellow'}
      title={titleOf(issue)}
      data-testid="file-issue"
    >
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Text size="sm">{issue.message}</Text>
        {FIXED_ON_MAP.has(issue.code) && (
          <Button size="xs" variant="light" onClick={onOpenMap} style={{ flexShrink: 0 }}>
            Go to Map
          </Button>
        )}
      </Group>
    </Alert>
  ));
}
