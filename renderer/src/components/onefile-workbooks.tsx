import { useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import type { WorkbookFileView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';
import { downloadHandedOver, formatCount, handedOverWords } from '../format';
import { useTaskProgress, useTaskStop } from './use-task-progress';
import { TaskEndAlert, TaskProgressBar } from './task-progress-bar';

/**
 * "Export from OneFile" and "Download a template", under the organisations on the
 * Connect screen: the workbooks `onefile-import export` and `template` write, made on
 * the app's connection. Each opens a dialog that says what it reads, shows the progress
 * (a bar, the calls made, the time left) and then what the workbook holds; in browser
 * mode the workbook downloads, in the desktop app it is saved where the user chooses.
 */

type Kind = 'export' | 'template';

const WORDS: Record<Kind, { title: string; intro: string; button: string }> = {
  export: {
    title: 'Export from OneFile',
    intro:
      'One workbook of what this organisation holds: learners (with their assessor, class and placement), staff by role, classes, placements, standards with their units and framework templates. Its Learners sheet imports back as it is: change cells and import it, and only what you changed is sent. Nothing in OneFile is changed.',
    button: 'Export',
  },
  template: {
    title: 'Download a template',
    intro:
      "A sheet for new learners whose Assessor, Class, Placement, Employer contact, IQA, Observer, Standards and Framework template columns are drop-down lists of what this organisation's OneFile holds now, with dates and IDs formatted and the required columns marked. Filled from its lists, it imports with no name to resolve.",
    button: 'Download template',
  },
};

function Done({ result }: { result: WorkbookFileView }) {
  const where = handedOverWords(result) ?? 'Not saved';
  return (
    <Alert color={result.savedTo || result.contentBase64 ? 'teal' : 'gray'} title={where} data-testid="workbook-done">
      <Text size="sm">
        {result.organisation.name}: {result.contents.map((c) => `${c.name} ${formatCount(c.count)}`).join(' · ')}. {formatCount(result.calls)} OneFile calls, no
        change made.
      </Text>
    </Alert>
  );
}

function WorkbookDialog({ kind, organisationId, onClose }: { kind: Kind; organisationId: number; onClose(): void }) {
  const { client } = useBridge();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [withAims, setWithAims] = useState(false);
  const [result, setResult] = useState<WorkbookFileView | null>(null);
  const stopping = useTaskStop(kind);
  const make = useAction(async () => {
    stopping.begin();
    const made = kind === 'export' ? await client.exportFromOneFile({ organisationId, includeArchived, withAims }) : await client.downloadTemplate({ organisationId });
    downloadHandedOver(made);
    setResult(made);
  });
  const progress = useTaskProgress(kind, make.busy);
  const words = WORDS[kind];
  return (
    <Modal opened onClose={make.busy ? () => {} : onClose} title={words.title} size="lg" closeOnClickOutside={!make.busy} withCloseButton={!make.busy}>
      <Stack gap="sm">
        <Text size="sm">{words.intro}</Text>
        {kind === 'export' && (
          <Stack gap={6}>
            <Checkbox label="Archived learners and staff too" checked={includeArchived} disabled={make.busy} onChange={(e) => setIncludeArchived(e.currentTarget.checked)} />
            <Checkbox
              label="Each learner's learning aims (one more OneFile call per learner)"
              checked={withAims}
              disabled={make.busy}
              onChange={(e) => setWithAims(e.currentTarget.checked)}
            />
          </Stack>
        )}
        {make.busy && (
          <TaskProgressBar
            progress={progress}
            label={words.title}
            waiting="Contacting OneFile…"
            testId="workbook-progress"
            stopping={stopping.stopped}
            onStop={stopping.stop}
          />
        )}
        {make.error && (
          <TaskEndAlert stopped={stopping.stopped} failedTitle="The workbook could not be made" testId="workbook-error">
            {make.error}
          </TaskEndAlert>
        )}
        {result && !make.busy && <Done result={result} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={make.busy}>
            Close
          </Button>
          <Button onClick={() => make.run()} loading={make.busy}>
            {result ? `${words.button} again` : words.button}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The two links, for the organisation ticked on the Connect screen (none ticked: nothing to read). */
export function OneFileWorkbooks({ organisationId }: { organisationId: number | null }) {
  const [open, setOpen] = useState<Kind | null>(null);
  return (
    <>
      <Group gap="md">
        <Anchor component="button" type="button" size="sm" disabled={organisationId === null} onClick={() => setOpen('export')}>
          Export from OneFile
        </Anchor>
        <Anchor component="button" type="button" size="sm" disabled={organisationId === null} onClick={() => setOpen('template')}>
          Download a template
        </Anchor>
      </Group>
      {open && organisationId !== null && <WorkbookDialog kind={open} organisationId={organisationId} onClose={() => setOpen(null)} />}
    </>
  );
}
