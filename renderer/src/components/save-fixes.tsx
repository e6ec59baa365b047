import { useEffect, useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useBridge } from '../use-bridge';
import { useAction } from '../use-action';
import { downloadHandedOver, handedOverWords, plural } from '../format';

/**
 * "Save with your fixes": the file with the cells changed in Review, as a workbook (the
 * changed cells filled green, a sheet listing what each was), to keep for next time or
 * send back to whoever keeps the data, so the fixes are not made again by hand next week.
 */
export function SaveFixes({ editedCells }: { editedCells: number }) {
  const { client } = useBridge();
  const [where, setWhere] = useState<string | null>(null);
  // Another change since: the copy saved no longer has every fix.
  useEffect(() => setWhere(null), [editedCells]);
  const save = useAction(async () => {
    setWhere(null);
    const saved = await client.saveEditedFile();
    downloadHandedOver(saved);
    setWhere(handedOverWords(saved));
  });
  return (
    <Group gap="xs" wrap="nowrap">
      {save.error ? (
        <Text size="xs" c="red">
          {save.error}
        </Text>
      ) : (
        where && (
          <Text size="xs" c="dimmed" data-testid="fixes-saved">
            {where}
          </Text>
        )
      )}
      <Button variant="default" size="xs" onClick={() => void save.run()} loading={save.busy} title={`The file with the ${plural(editedCells, 'cell')} changed here, as an Excel workbook`}>
        Save with your fixes
      </Button>
    </Group>
  );
}
