import { Alert, Anchor, List, Text } from '@mantine/core';
import type { FileView } from '../../../shared/contract-types';

/** What the reader chose where it had a choice: the notices a user should see whichever way they came (a file opened from the menu skips Load). */
export function readNotices(file: FileView): string[] {
  const notices = [...file.warnings];
  if (file.headerRowUncertain) notices.push(`Row ${file.headerRow} was taken as the header row, but another row looks like one too.`);
  if (file.format === 'xlsx' && file.sheets.length > 1 && file.sheet) notices.push(`Sheet “${file.sheet}” was read; the workbook has ${file.sheets.length} sheets.`);
  return notices;
}

/**
 * The read notices (encoding, header row, sheet) on Map and Review, with the way back
 * to Load where each can be changed. Nothing is shown when the reader had no choice.
 */
export function ReadNotices({ file, onOpenLoad }: { file: FileView | null | undefined; onOpenLoad?(): void }) {
  if (!file || file.format === 'ilr') return null;
  const notices = readNotices(file);
  if (notices.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" p="xs" title={`How ${file.name} was read`} data-testid="read-notices">
      <List size="sm" spacing={2}>
        {notices.map((notice) => (
          <List.Item key={notice}>{notice}</List.Item>
        ))}
      </List>
      {onOpenLoad && (
        <Text size="sm" mt={4}>
          <Anchor component="button" type="button" size="sm" onClick={onOpenLoad}>
            Change how the file is read
          </Anchor>
        </Text>
      )}
    </Alert>
  );
}
