import { Alert, Badge, Button, Card, Group, ScrollArea, Select, Stack, Text, Title } from '@mantine/core';
import type { UnresolvedView } from '../../../shared/contract-types';
import type { FieldKey } from '../../../shared/fields';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';
import { plural } from '../format';
import { isStandardCodeValue } from '../../../shared/ilr';

function UnresolvedItem({ item, onResolved }: { item: UnresolvedView; onResolved(): void }) {
  const { client } = useBridge();
  const resolve = useAction(async (id: string) => {
    await client.resolveValue({ field: item.field as FieldKey, value: item.value, id, remember: true });
    onResolved();
  });
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
          <Badge color={item.kind === 'ambiguous' ? 'orange' : 'red'} variant="light">
            {item.kind === 'ambiguous' ? 'Ambiguous' : 'Not found'}
          </Badge>
          <Badge color="gray" variant="light">
            {plural(item.rows, 'row')}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {item.kind === 'ambiguous'
            ? 'More than one match in OneFile. Pick the right one; every row with this value gets it.'
            : isStandardCodeValue(item.value)
              ? 'An ILR standard code: choose the OneFile standard it is, once; every row with this code gets it.'
              : item.suggestions.length > 0
              ? 'No exact match in OneFile. Is it one of these?'
              : 'Nothing like it in OneFile. Fix the cells in the grid, or add it in OneFile and check again.'}
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
        {resolve.error && (
          <Text size="xs" c="red">
            {resolve.error}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** Names the file uses that OneFile does not know (or knows twice), each listed once with ranked suggestions. */
export function UnresolvedPanel({ items, onResolved }: { items: UnresolvedView[]; onResolved(): void }) {
  if (items.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {plural(items.length, 'name')} to resolve
      </Title>
      <Alert color="orange" variant="light" p="xs">
        <Text size="xs">Your choice is remembered in the mapping profile, so next week’s file resolves by itself.</Text>
      </Alert>
      <ScrollArea.Autosize mah="calc(100vh - 380px)" type="auto" offsetScrollbars>
        <Stack gap="xs">
          {items.map((item) => (
            <UnresolvedItem key={`${item.field}:${item.value}`} item={item} onResolved={onResolved} />
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}
