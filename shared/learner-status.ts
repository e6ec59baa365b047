/**
 * A learner's standing in the MIS (a Status column): read only to say which rows are
 * about someone who has left or finished, since such a row is imported like the others.
 * Never sent to OneFile.
 */

import { cleanText } from './normalise';
import type { ValueReading } from './validators';

/**
 * What an MIS calls someone who has left or finished: withdrawn, completed, transferred,
 * on a break in learning. Words, not a code list: MIS systems write them their own way.
 */
const LEFT_OR_FINISHED = /^(?:withdrawn|withdrew|withdrawal|left|leaver|has left|completed?|finished|achieved|transferred(?: out)?|transfer out|break in learning|bil|on break|on a break|suspended|cancelled|canceled|closed|inactive|deceased|archived|ended)\b/i;

/** The ILR's completion status codes (CompStatus) of someone who has left or finished: completed, withdrawn, on a break. */
const LEFT_OR_FINISHED_CODES: Readonly<Record<string, string>> = { '2': 'completed', '3': 'withdrawn', '6': 'on a break in learning' };

/** `header`: a completion status column (CompStatus, "Completion Status") may write the ILR's codes. */
export function readStatus(raw: string, header: string | undefined): ValueReading {
  const value = cleanText(raw);
  const code = header !== undefined && /comp/i.test(header) ? LEFT_OR_FINISHED_CODES[value] : undefined;
  if (!code && !LEFT_OR_FINISHED.test(value)) return { value, problems: [] };
  const said = code ? `"${value}" (${code})` : `"${value}"`;
  return {
    value,
    problems: [{ code: 'status-left', severity: 'warning', message: `${said}: the row is about someone who has left or finished (or, in a report of learning aims, an aim that has), and is imported like the others (a learner OneFile does not have is created, an aim's standard is assigned): take such rows out of the file if they should not be in OneFile.` }],
  };
}

