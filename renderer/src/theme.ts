import { createTheme } from '@mantine/core';

/**
 * A calm desktop-tool look: the system font, indigo for actions, red reserved for
 * Live and errors so they stand out. Light and dark follow the OS
 * (`defaultColorScheme="auto"` in main.tsx).
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "Cascadia Mono", "Segoe UI Mono", Menlo, Consolas, monospace',
  defaultRadius: 'md',
  headings: { fontWeight: '650' },
});
