/**
 * A learner's sex, sent as OneFile's L13: one of the ILR's fields, whose codes are M
 * and F (see docs/onefile-assumptions.md).
 */

import { cleanText, normaliseSex } from './normalise';
import type { ValueReading } from './validators';

/**
 * A sex as OneFile's L13 holds it: the ILR's codes, M or F ("Male", "Female" read as
 * those). Anything else ("Prefer not to say", "Non-binary", "U") is not sent, and the
 * row says so: a value OneFile may refuse would fail the learner's creation mid-run.
 */
export function readSex(raw: string): ValueReading {
  const sex = normaliseSex(raw);
  if (sex === 'M' || sex === 'F') return { value: sex, problems: [] };
  return {
    value: '',
    problems: [
      {
        code: 'sex-not-sent',
        severity: 'warning',
        message: `"${cleanText(raw)}" is not sent: OneFile's sex field (L13) takes the ILR's codes, M or F ("Male" and "Female" are read as those), so the learner is imported without it.`,
      },
    ],
  };
}
