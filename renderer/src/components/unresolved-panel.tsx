import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import type { ChoiceView, ReferenceOptionView } from '../../../shared/contract-review-types';
import type { UnresolvedView } from '../../../shared/contract-types';
import type { FieldKey, REFERENCE_FIELD_KEYS } from '../../../shared/fields';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';
import { plural } from '../format';
import { REFERENCE_NOUNS } from '../../../shared/problem-groups';
import { isProgrammeAimReference, isStandardCodeValue } from '../../../shared/ilr';
import { canLeaveOut } from '../../../shared/profile';
import { CreateMissingTick } from './create-missing-tick';

type ReferenceField = (typeof REFERENCE_FIELD_KEYS)[number];

function explanation(item: UnresolvedView): string {
  if (item.field === 'Standards' && isProgrammeAimReference(item.value)) return 'The ILR’s programme aim (the apprenticeship as a whole), not a standard: leave it out, or choose the standard it stands for.';
  if (item.kind === 'ambiguous') return 'More than one match in OneFile. Pick the right one; every row with this value gets it.';
  if (isStandardCodeValue(item.value)) return 'An ILR standard code: choose the OneFile standard it is, once; every row with this code gets it.';
  if (item.suggestions.length > 0) return 'No exact match in OneFile. Is it one of these, or another from the full list?';
  return 'Nothing like it in OneFile. Pick from the full list, fix the cells in the grid, or add it in OneFile and check again.';
}

/** Every OneFile record of the field's kind, searchable: read when the list is first opened. */
function FullList({ item, onChoose, busy }: { item: UnresolvedView; onChoose(id: string): void; busy: boolean }) {
  const { client } = useBridge();
  const [options, setOptions] = useState<ReferenceOptionView[] | null>(null);
  const load = useAction(async () => setOptions(await client.listReferenceOptions({ field: item.field as ReferenceField })));
  return (
    <Select
      size="xs"
      placeholder={`Every ${REFERENCE_NOUNS[item.field] ?? item.fieldLabel.toLowerCase()} in OneFile…`}
      aria-label={`Every ${item.fieldLabel} in OneFile, for “${item.value}”`}
      data={(options ?? []).map((o) => ({ value: o.id, label: o.detail ? `${o.name} (${o.detail})` : o.name }))}
      value={null}
      onDropdownOpen={() => options === null && void load.run()}
      onChange={(id) => id && onChoose(id)}
      searchable
      nothingFoundMessage={load.busy ? 'Reading OneFile…' : 'None is called that'}
      disabled={busy}
      error={load.error}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={260}
    />
  );
}

function UnresolvedItem({ item, onResolved }: { item: UnresolvedView; onResolved(): void }) {
  const { client } = useBridge();
  const resolve = useAction(async (id: string) => {
    await client.resolveValue({ field: item.field as FieldKey, value: item.value, id, remember: true });
    onResolved();
  });
  const leaveOut = useAction(async () => {
    await client.resolveValue({ field: item.field as FieldKey, value: item.value, leaveOut: true, remember: true });
    onResolved();
  });
  const noun = REFERENCE_NOUNS[item.field] ?? 'standard';
  const top = item.suggestions.slice(0, 3);
  const rest = item.suggestions.slice(3);
  return (
    <Card withBorder padding="sm" data-testid="unresolved-item">
      <Stack gap={6}>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {item.fieldLabel}
          </Text>
          <Text fw={650}>“{item.value}”</Text>
        </div>
        <Group gap={4}>
          <Badge color={item.create ? 'teal' : item.kind === 'ambiguous' ? 'orange' : 'red'} variant="light">
            {item.create ? 'Will be created' : item.kind === 'ambiguous' ? 'Ambiguous' : 'Not found'}
          </Badge>
          <Badge color="gray" variant="light">
            {plural(item.rows, 'row')}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {explanation(item)}
        </Text>
        {top.length > 0 && (
          <Group gap={6}>
            {top.map((s) => (
              <Button
                key={s.id}
                size="compact-sm"
                variant="light"
                onClick={() => resolve.run(s.id)}
                loading={resolve.busy}
                title={s.detail ? `${s.name} (${s.detail})` : s.name}
                h="auto"
                py={4}
                styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
              >
                {s.name}
                {s.detail ? ` · ${s.detail}` : ''}
                {item.kind === 'unmatched' && s.score > 0 && (
                  <Text span size="xs" c="dimmed" ml={6}>
                    {Math.round(s.score * 100)}%
                  </Text>
                )}
              </Button>
            ))}
          </Group>
        )}
        {rest.length > 0 && (
          <Select
            size="xs"
            placeholder="Other matches…"
            aria-label={`Other matches for ${item.value}`}
            data={rest.map((s) => ({ value: s.id, label: s.detail ? `${s.name} (${s.detail})` : s.name }))}
            value={null}
            onChange={(id) => id && resolve.run(id)}
            searchable
          />
        )}
        <FullList item={item} onChoose={(id) => resolve.run(id)} busy={resolve.busy} />
        {canLeaveOut(item.field as FieldKey) && (
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => leaveOut.run()}
            loading={leaveOut.busy}
            disabled={resolve.busy}
            title={`Its rows are imported with their other ${noun}s; each row says it was left out, and Your choices can take it back.`}
            style={{ alignSelf: 'flex-start' }}
          >
            Not a OneFile {noun}: leave it out
          </Button>
        )}
        <CreateMissingTick item={item} onChanged={onResolved} />
        {(resolve.error ?? leaveOut.error) && (
          <Text size="xs" c="red">
            {resolve.error ?? leaveOut.error}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** Names the file uses that OneFile does not know (or knows twice), each listed once with ranked suggestions and the full list. */
export function UnresolvedPanel({ items, onResolved }: { items: UnresolvedView[]; onResolved(): void }) {
  if (items.length === 0) return null;
  // A class or placement ticked to be created is resolved that way: it stays listed, to untick.
  const toCreate = items.filter((item) => item.create).length;
  const toResolve = items.length - toCreate;
  const title = toResolve === 0 ? `${plural(toCreate, 'name')} to create` : `${plural(toResolve, 'name')} to resolve${toCreate > 0 ? `, ${toCreate} to create` : ''}`;
  return (
    <Stack gap="xs">
      <Title order={3} size="h5" data-testid="unresolved-title">
        {title}
      </Title>
      <Alert color="orange" variant="light" p="xs">
        <Text size="xs">Your choice is remembered in the mapping profile, so next week’s file resolves by itself.</Text>
      </Alert>
      {items.map((item) => (
        <UnresolvedItem key={`${item.field}:${item.value}`} item={item} onResolved={onResolved} />
      ))}
    </Stack>
  );
}

/** The names resolved by a choice, each with the OneFile record chosen and the way to take it back. */
export function ChosenNames({ choices, onUndo }: { choices: ChoiceView[]; onUndo(choice: ChoiceView): void }) {
  if (choices.length === 0) return null;
  return (
    <Stack gap={4} data-testid="chosen-names">
      <Title order={3} size="h6">
        Your choices
      </Title>
      {choices.map((choice) => (
        <Group key={`${choice.field}:${choice.value}`} gap={6} wrap="nowrap" justify="space-between" align="flex-start">
          <Text size="xs" style={{ minWidth: 0 }} lineClamp={2} title={`${choice.fieldLabel} “${choice.value}” → ${choice.name} (${plural(choice.rows, 'row')})`}>
            {choice.fieldLabel} “{choice.value}” → {choice.leftOut ? <i>{choice.name}</i> : <b>{choice.name}</b>} ({plural(choice.rows, 'row')})
          </Text>
          <Anchor component="button" type="button" size="xs" onClick={() => onUndo(choice)} aria-label={`Undo the choice for ${choice.value}`}>
            Undo
          </Anchor>
        </Group>
      ))}
    </Stack>
  );
}
