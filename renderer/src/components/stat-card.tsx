import { Card, Text } from '@mantine/core';
import { formatCount } from '../format';

/** A count in a card, with what it counts: coloured only when it is not zero. */
export function StatCard({ label, value, color, hint, size = 'md' }: { label: string; value: number; color?: string; hint: string; size?: 'sm' | 'md' }) {
  return (
    <Card withBorder padding={size}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={size === 'md' ? 28 : 24} fw={700} c={value > 0 ? color : undefined} lh={1.2}>
        {formatCount(value)}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Card>
  );
}
