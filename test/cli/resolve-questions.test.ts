import { describe, expect, it } from 'vitest';
import { askValueChoices, type QuestionContext } from '../../main/cli/resolve-questions';
import type { UnresolvedValue } from '../../main/import/plan/references';

/** The terminal's questions, with the answers a person would type. */

const programme: UnresolvedValue = {
  field: 'Standards',
  value: 'Business Administrator',
  status: 'unmatched',
  rows: Array.from({ length: 150 }, (_, i) => i + 2),
  candidates: [],
  suggestions: [
    { id: 4001, name: 'Business Administrator Level 3', score: 0.96 },
    { id: 4003, name: 'Customer Service Practitioner', score: 0.4 },
  ],
};
const evening: UnresolvedValue = {
  field: 'Classroom',
  value: 'Evening',
  status: 'ambiguous',
  rows: [7],
  candidates: [
    { id: 11, name: 'Business admin L3 - Evening', detail: 'BA3E' },
    { id: 12, name: 'Business admin L3 - Evening', detail: 'BA3E2' },
  ],
  suggestions: [],
};

function terminal(answers: Array<string | null>): QuestionContext & { said: string[]; asked: string[] } {
  const said: string[] = [];
  const asked: string[] = [];
  return {
    said,
    asked,
    columnOf: (field) => (field === 'Standards' ? { letter: 'H', header: 'Programme' } : { letter: 'F', header: 'Class' }),
    recordsOf: (field) =>
      field === 'Standards'
        ? [
            { id: 4001, name: 'Business Administrator Level 3' },
            { id: 4002, name: 'Team Leader' },
            { id: 4003, name: 'Customer Service Practitioner' },
          ]
        : [],
    nounOf: (field) => (field === 'Standards' ? 'standard' : 'class'),
    ask: async (question) => {
      asked.push(question);
      return answers.length > 0 ? answers.shift()! : null;
    },
    say: (text) => void said.push(text),
  };
}

describe('questions on a terminal', () => {
  it('asks once per value, numbered suggestions, skip and show all; a number picks', async () => {
    const screen = terminal(['1', 's']);
    const { choices, stopped } = await askValueChoices([programme, evening], screen);
    expect(choices).toEqual([{ field: 'Standards', value: 'Business Administrator', id: 4001, name: 'Business Administrator Level 3' }]);
    expect(stopped).toBe(false);
    // A standard may be left out (n); a class may not: every learner needs one.
    expect(screen.asked).toEqual(['Your choice [1-2, s, a, n]: ', 'Your choice [1-2, s, a]: ']);
    const text = screen.said.join('');
    expect(text).toContain('Programme (column H) "Business Administrator", rows 2-151 (150 rows): no standard in OneFile has this name.');
    expect(text).toContain('  1  Business Administrator Level 3  (96 %)\n  2  Customer Service Practitioner  (40 %)\n  s  skip');
    expect(text).toContain('a  show all 3 standards\n  n  not a OneFile standard: leave it out (these rows are imported with their other standards)');
    expect(text.split('Class (column F)')[1]).not.toContain('  n  ');
    expect(text).toContain('Class (column F) "Evening", row 7: fits 2 classes in OneFile; which one is it?');
    expect(text).toContain('  1  Business admin L3 - Evening  (BA3E)');
  });

  it('shows every record of the kind on "a", asks again on a wrong answer, and stops when input ends', async () => {
    const screen = terminal(['a', '9', '2', null]);
    const { choices, stopped } = await askValueChoices([programme, evening], screen);
    expect(choices).toEqual([{ field: 'Standards', value: 'Business Administrator', id: 4002, name: 'Team Leader' }]);
    expect(stopped).toBe(true);
    expect(screen.said.join('')).toContain('  1  Business Administrator Level 3  (ID 4001)\n  2  Team Leader  (ID 4002)');
    expect(screen.said.join('')).toContain('Type a number from the list, s to skip, n to leave it out.');
  });

  it(`leaves a standard out on "n" (an MIS report's programme aim), saying on how many rows`, async () => {
    const aim: UnresolvedValue = { ...programme, value: 'ZPROG001', rows: [3, 5] };
    const screen = terminal(['n']);
    const { choices } = await askValueChoices([aim], screen);
    expect(choices).toEqual([{ field: 'Standards', value: 'ZPROG001', id: '', name: 'left out', leftOut: true }]);
    expect(screen.said.join('')).toContain('"ZPROG001" is left out of the standards on 2 rows: no OneFile standard.');
  });
});
