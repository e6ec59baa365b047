import { Card, Group, NumberInput, Select, SimpleGrid, Switch, Text } from '@mantine/core';
import { ROLE_LABELS } from '../../../shared/fields';
import {
  ASSIGN_PATH_CHOICES,
  ASSIGN_PATH_LABELS,
  describeDateOrder,
  describeMatchOrder,
  MAX_BUDGET_PER_MINUTE,
  type ImportSettingsView,
  type MatchKeyName,
} from '../../../shared/import-settings';
import type { MethodInput } from '../../../shared/contract';

/** A change of the settings, as `setImportSettings` takes it. */
export type SettingsChange = MethodInput<'setImportSettings'>;

/** Every order of the three keys a learner is matched by. */
const MATCH_ORDERS: MatchKeyName[][] = [
  ['MISID', 'ULN', 'Email'],
  ['MISID', 'Email', 'ULN'],
  ['ULN', 'MISID', 'Email'],
  ['ULN', 'Email', 'MISID'],
  ['Email', 'MISID', 'ULN'],
  ['Email', 'ULN', 'MISID'],
];

const ROWS_IN_FLIGHT = ['auto', '1', '2', '4', '8', '16', '32', '64'];

/** Why the plan reads the dates as it does: the user's choice on Map, the file's own dates, or the UK's order by default. */
function dateOrderWhy(settings: ImportSettingsView): string {
  if (settings.dateOrderChosen) return ', chosen on Map';
  if (settings.dateOrderDetected === settings.dateOrder) return ', as the file’s dates show';
  if (settings.dateOrderDetected === 'mixed') return ': the file has dates of both orders (choose on Map)';
  return ', as UK files are (no date in the file says otherwise)';
}

/**
 * How the import is made, on the plan it changes: the file's reading (date order, role
 * of rows without one; chosen on Map) and what is remembered for this environment
 * (matching, staff assignments again, calls a minute up to 300, rows in flight, whose
 * ID goes in POST User/{id}/Assign). A change plans again.
 */
export function PlanSettings({ settings, onChange, disabled }: { settings: ImportSettingsView; onChange(change: SettingsChange): void; disabled: boolean }) {
  return (
    <Card withBorder padding="md" data-testid="plan-settings">
      <Group justify="space-between" mb={6}>
        <Text fw={600}>How the import is made</Text>
        <Text size="xs" c="dimmed">
          Dates and roles are chosen on Map; the rest is remembered for this environment.
        </Text>
      </Group>
      <Group gap="xl" mb="sm">
        <Text size="sm" data-testid="plan-date-order">
          <b>Dates:</b> {describeDateOrder(settings.dateOrder)}
          {dateOrderWhy(settings)}
        </Text>
        <Text size="sm" data-testid="plan-role">
          <b>Rows with no Role:</b> {ROLE_LABELS[settings.defaultRole]}s
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <Select
          label="Find learners already in OneFile by"
          data={MATCH_ORDERS.map((order) => ({ value: order.join(','), label: describeMatchOrder(order) }))}
          value={settings.matchOrder.join(',')}
          onChange={(value) => value && onChange({ matchOrder: value.split(',') as MatchKeyName[] })}
          allowDeselect={false}
          disabled={disabled}
        />
        <NumberInput
          label="OneFile calls a minute"
          description={`100 is OneFile's documented limit; some accounts allow up to ${MAX_BUDGET_PER_MINUTE}`}
          min={1}
          max={MAX_BUDGET_PER_MINUTE}
          clampBehavior="strict"
          allowDecimal={false}
          value={settings.budgetPerMinute}
          onBlur={(event) => {
            const value = Number(event.currentTarget.value);
            if (Number.isInteger(value) && value >= 1 && value <= MAX_BUDGET_PER_MINUTE && value !== settings.budgetPerMinute) onChange({ budgetPerMinute: value });
          }}
          disabled={disabled}
        />
        <Select
          label="Rows in flight"
          description="Automatic keeps as many as OneFile's speed needs"
          data={ROWS_IN_FLIGHT.map((value) => ({ value, label: value === 'auto' ? 'Automatic (4 to 16)' : value }))}
          value={String(settings.rowsInFlight)}
          onChange={(value) => value && onChange({ rowsInFlight: value === 'auto' ? 'auto' : Number(value) })}
          allowDeselect={false}
          disabled={disabled}
        />
        <Select
          label="Staff assignments: whose ID"
          description="OneFile takes in POST User/{id}/Assign"
          data={ASSIGN_PATH_CHOICES.map((value) => ({ value, label: ASSIGN_PATH_LABELS[value] }))}
          value={settings.assignPath}
          onChange={(value) => value && onChange({ assignPath: value as ImportSettingsView['assignPath'] })}
          allowDeselect={false}
          disabled={disabled}
        />
        <Switch
          mt="lg"
          label="Send IQA and observer assignments again"
          description="Even where an earlier import made them (OneFile cannot list them back)"
          checked={settings.reassignStaff}
          onChange={(event) => onChange({ reassignStaff: event.currentTarget.checked })}
          disabled={disabled}
        />
      </SimpleGrid>
    </Card>
  );
}
