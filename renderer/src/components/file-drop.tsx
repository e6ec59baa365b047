import { Group, Stack, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import type { FileRejection, FileWithPath } from '@mantine/dropzone';
import { useBridge } from '../use-bridge';
import { ACCEPTED_FILES_TEXT, SPREADSHEET_ACCEPT } from '../accepted-files';


/** A way to open a file shown but not offered (the drop area, a recent file) while an import holds the app. */
export const DIMMED = { opacity: 0.5, cursor: 'not-allowed' } as const;

export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/**
 * The size checked in the window before sending. The desktop app hands the bytes over
 * IPC, so it checks first; in browser mode the app checks the declared length before
 * reading a byte and answers with its own limit and message (413), which is shown.
 */
function useMaxSize(): number {
  return useBridge().face === 'desktop' ? MAX_FILE_BYTES : Infinity;
}

function rejectionMessage(rejections: FileRejection[]): string {
  return rejections[0]?.errors[0]?.code === 'file-too-large'
    ? 'That file is larger than 100 MB. Use the command line (onefile-import import) for files this big.'
    : 'That is not a file the importer reads. Save it as CSV or Excel (.xlsx), or choose your ILR file (.xml), and try again.';
}

/** Drop anywhere on the window: a full-screen target that appears while a file is dragged over. */
export function WindowDrop({ active, onFile, onReject }: { active: boolean; onFile(file: FileWithPath): void; onReject(message: string): void }) {
  return (
    <Dropzone.FullScreen
      active={active}
      accept={SPREADSHEET_ACCEPT}
      maxSize={useMaxSize()}
      multiple={false}
      // Invisible until a file is dragged over the window: never a Tab stop.
      activateOnKeyboard={false}
      onDrop={(files) => files[0] && onFile(files[0])}
      onReject={(rejections) => onReject(rejectionMessage(rejections))}
      data-testid="window-drop"
    >
      <Group justify="center" mih="60vh" style={{ pointerEvents: 'none' }}>
        <Stack align="center" gap={4}>
          <Text size="xl" fw={600}>
            Drop the spreadsheet to load it
          </Text>
          <Text c="dimmed">{ACCEPTED_FILES_TEXT}</Text>
        </Stack>
      </Group>
    </Dropzone.FullScreen>
  );
}

/**
 * The big drop area on the Load screen; clicking it browses for a file. While an import holds the app
 * (`held`: running or paused) it is greyed out and deaf, and says why instead of asking for a file.
 */
export function DropArea({
  onFile,
  onReject,
  loading,
  compact,
  held,
}: {
  onFile(file: FileWithPath): void;
  onReject(message: string): void;
  loading: boolean;
  compact?: boolean;
  held?: 'running' | 'paused';
}) {
  const disabled = held !== undefined;
  const why = held && `No file is opened while an import is ${held}`;
  return (
    <Dropzone
      disabled={disabled}
      aria-disabled={disabled || undefined}
      style={disabled ? DIMMED : undefined}
      accept={SPREADSHEET_ACCEPT}
      maxSize={useMaxSize()}
      multiple={false}
      loading={loading}
      onDrop={(files) => files[0] && onFile(files[0])}
      onReject={(rejections) => onReject(rejectionMessage(rejections))}
      aria-label={why || 'Drop a spreadsheet here or press Enter to browse'}
      data-testid="drop-area"
    >
      <Stack align="center" justify="center" gap={6} mih={compact ? 90 : 220} style={{ pointerEvents: 'none' }}>
        {why ? (
          <>
            <Text size={compact ? 'md' : 'xl'} fw={600}>
              {why}
            </Text>
            <Text size="sm" c="dimmed">
              {held === 'paused' ? 'Resume it or cancel it first; once it has ended' : 'Once it has finished'}, drop the next file here.
            </Text>
          </>
        ) : (
          <Text size={compact ? 'md' : 'xl'} fw={600}>
            {compact ? 'Drop another file here, or click to browse' : 'Drop your spreadsheet here'}
          </Text>
        )}
        {!compact && !why && (
          <>
            <Text c="dimmed">or click to browse your computer</Text>
            <Text size="sm" c="dimmed">
              {ACCEPTED_FILES_TEXT}, up to 100 MB. The first sheet and header row are found for you.
            </Text>
          </>
        )}
      </Stack>
    </Dropzone>
  );
}
