import type { UserRecord } from './records';
import type { DateAnswers } from './switches';

/** A user's calendar dates (stored as midnight UTC) and its timestamp. */
const CALENDAR_FIELDS = ['DOB', 'StartOn', 'PlannedEndDate'] as const;

const LONDON_OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' });

/** Minutes London is ahead of UTC at this instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(instant: Date): number {
  const name = LONDON_OFFSET.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0)) : 0;
}

/** How a stored UTC ISO value is written in an answer, by the `dateAnswers` switch. */
export function answerDate(stored: string, mode: DateAnswers, calendar: boolean): string {
  const instant = new Date(stored);
  if (Number.isNaN(instant.getTime())) return stored;
  switch (mode) {
    case 'iso':
      return stored;
    case 'no-zone':
      return instant.toISOString().slice(0, 19);
    case 'ms-json':
      return `/Date(${instant.getTime()})/`;
    case 'london-midnight': {
      if (!calendar) return stored;
      // The calendar day kept as midnight in London, written as the UTC instant it is.
      const midnight = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
      const offset = londonOffsetMinutes(new Date(midnight));
      return new Date(midnight - offset * 60_000).toISOString();
    }
  }
}

/** A user as an answer writes it: its dates by the switch, everything else as stored. */
export function answerUser<T extends Partial<UserRecord>>(user: T, mode: DateAnswers): T {
  if (mode === 'iso') return user;
  const answer: Record<string, unknown> = { ...user };
  for (const field of CALENDAR_FIELDS) {
    const value = answer[field];
    if (typeof value === 'string') answer[field] = answerDate(value, mode, true);
  }
  if (typeof answer.LastModified === 'string') answer.LastModified = answerDate(answer.LastModified, mode, false);
  return answer as T;
}
