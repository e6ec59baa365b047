import { Checkbox, Text } from '@mantine/core';
import type { UnresolvedView } from '../../../shared/contract-types';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';

/**
 * The tick that has the import create a class or placement OneFile lacks (nothing close
 * to it there): offered only for such a name, never ticked by itself. Ticked, the plan
 * counts it and the run creates it once, before the rows that name it.
 */
export function CreateMissingTick({ item, onChanged }: { item: UnresolvedView; onChanged(): void }) {
  const { client } = useBridge();
  const noun = item.field === 'Classroom' ? 'class' : 'placement';
  const change = useAction(async (create: boolean) => {
    await client.setCreateMissing({ field: item.field as 'Classroom' | 'Placement', value: item.value, create });
    onChanged();
  });
  if (!item.creatable) return null;
  return (
    <>
      <Checkbox
        size="xs"
        checked={item.create === true}
        disabled={change.busy}
        onChange={(event) => void change.run(event.currentTarget.checked)}
        label={`It is new: create this ${noun} in OneFile when importing`}
        description={item.create ? `The plan creates “${item.value}” once, before its ${item.rows === 1 ? 'row' : `${item.rows} rows`}.` : undefined}
        data-testid="create-missing-tick"
      />
      {change.error && (
        <Text size="xs" c="red">
          {change.error}
        </Text>
      )}
    </>
  );
}
