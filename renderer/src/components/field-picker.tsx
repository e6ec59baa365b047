import { useEffect, useMemo, useState } from 'react';
import { Combobox, Group, InputBase, Text, useCombobox } from '@mantine/core';
import type { MappedColumnView, MappingView } from '../../../shared/contract-types';
import { WHOLE_NAME_PARTS } from '../../../shared/whole-name';

/** The keys that open the list from its button (inside it, the search box takes the typing and the arrows). */
const OPENING_KEYS = new Set(['Enter', ' ', 'ArrowDown', 'ArrowUp']);
const STAYING_KEYS = new Set(['Home', 'End']);

/** The value that means "this column is not imported". */
export const NOT_IMPORTED = '__none__';

export interface FieldChoice {
  field: string | null;
  /** The field was another column's: that column takes this one's old field (or none). */
  swap: boolean;
}

interface Option {
  value: string;
  label: string;
  required: boolean;
  /** Another column that holds this field now. */
  usedBy: MappedColumnView | null;
  /** Columns that give up their fields when this one is chosen (whole names take the first and last name). */
  takesFrom: MappedColumnView[];
}

/** What a column of whole names gives (the first and last name): the columns holding these fields give them up. */
const WHOLE_NAME_GIVES = new Set<string>(WHOLE_NAME_PARTS.map((part) => part.field));

/**
 * The OneFile field a column goes to: a button that opens a searchable list. Each field
 * another column already uses is marked with that column before it is chosen, and what
 * choosing it does: the two columns swap their fields (or the other column gives it up
 * when this one had none). The list's search box takes the typing, so the button's
 * text is never edited by a stray key (the old searchable select turned Home + typing
 * into "Date ofDate of birth"); Enter, Space and the arrow keys open it, Escape closes
 * it, and any other key on the closed button does nothing.
 */
export function FieldPicker({ mapping, column, onChoose, disabled }: { mapping: MappingView; column: MappedColumnView; onChoose(choice: FieldChoice): void; disabled?: boolean }) {
  const [search, setSearch] = useState('');
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption();
      combobox.focusTarget();
      setSearch('');
    },
    // Once the list is in place (it is positioned after it mounts), the search box takes the keys.
    onDropdownOpen: () => requestAnimationFrame(() => combobox.focusSearchInput()),
  });
  const options = useMemo<Option[]>(
    () => [
      { value: NOT_IMPORTED, label: '— Not imported —', required: false, usedBy: null, takesFrom: [] },
      ...mapping.fields.map((f) => ({
        value: f.key,
        label: f.label,
        required: f.required,
        usedBy: mapping.columns.find((c) => c.index !== column.index && c.field === f.key) ?? null,
        takesFrom: f.key === 'FullName' ? mapping.columns.filter((c) => c.index !== column.index && c.field !== null && WHOLE_NAME_GIVES.has(c.field)) : [],
      })),
    ],
    [mapping, column.index],
  );
  const current = options.find((o) => o.value === (column.field ?? NOT_IMPORTED)) ?? options[0];
  const currentLabel = current.value === NOT_IMPORTED ? 'Not imported' : `${current.label}${current.required ? ' (required)' : ''}`;
  const wanted = search.trim().toLowerCase();
  const shown = wanted ? options.filter((o) => o.label.toLowerCase().includes(wanted)) : options;
  // Typing narrows the list and marks the first match, so Enter takes it.
  useEffect(() => {
    if (wanted) combobox.selectFirstOption();
  }, [wanted, combobox]);

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(value) => {
        const option = options.find((o) => o.value === value);
        combobox.closeDropdown();
        if (!option || option.value === current.value) return;
        onChoose({ field: option.value === NOT_IMPORTED ? null : option.value, swap: option.usedBy !== null });
      }}
      width={340}
      position="bottom-start"
    >
      {/* The closed button takes only the keys that open it: Mantine's own handling of Home and letters there left it stuck shut. */}
      <Combobox.Target targetType="button" withKeyboardNavigation={false}>
        <InputBase
          component="button"
          type="button"
          pointer
          disabled={disabled}
          rightSection={<Combobox.Chevron />}
          rightSectionPointerEvents="none"
          // Enter and Space open it through the combobox's own keys; a click they make as well (detail 0) would close it again.
          onClick={(event) => event.detail > 0 && combobox.toggleDropdown()}
          onKeyDown={(event) => {
            // Home and End would scroll the page away from the control that has the focus (and a list opened meanwhile with it).
            if (STAYING_KEYS.has(event.key)) event.preventDefault();
            if (!OPENING_KEYS.has(event.key)) return;
            event.preventDefault();
            // The page may have scrolled away from the button (Home, End): a list opened off screen is hidden and takes no keys.
            event.currentTarget.scrollIntoView({ block: 'nearest' });
            combobox.openDropdown('keyboard');
          }}
          aria-label={`Field for column ${column.letter} ${column.header}`}
          data-value={column.field ?? NOT_IMPORTED}
          size="sm"
        >
          <Text span size="sm" c={column.field ? undefined : 'dimmed'} truncate>
            {currentLabel}
          </Text>
        </InputBase>
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Search
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          placeholder="Type to find a field"
          aria-label={`Find a field for column ${column.letter}`}
        />
        <Combobox.Options mah={300} style={{ overflowY: 'auto' }}>
          {shown.length === 0 && <Combobox.Empty>No field is called that</Combobox.Empty>}
          {shown.map((option) => (
            <Combobox.Option value={option.value} key={option.value} active={option.value === current.value}>
              <Group gap={6} wrap="nowrap" justify="space-between">
                <Text size="sm" fw={option.value === current.value ? 700 : 400}>
                  {option.label}
                  {option.required ? ' (required)' : ''}
                </Text>
              </Group>
              {option.usedBy && (
                <Text size="xs" c="orange.8" className="picker-note" data-used-by={option.usedBy.letter}>
                  Used by column {option.usedBy.letter} “{option.usedBy.header}”:{' '}
                  {column.field ? `swap (${option.usedBy.letter} gets ${currentLabel})` : `move it here (${option.usedBy.letter} will not be imported)`}
                </Text>
              )}
              {option.takesFrom.length > 0 && (
                <Text size="xs" c="orange.8" className="picker-note" data-takes-from={option.takesFrom.map((c) => c.letter).join(' ')}>
                  Gives the first and last name: {option.takesFrom.map((c) => `column ${c.letter} “${c.header}”`).join(' and ')}{' '}
                  will not be imported
                </Text>
              )}
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
