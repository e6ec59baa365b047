import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { lastJson } from './cli-fixtures';
import { startWitness, type Witness } from './onefile-witness';

/**
 * Issue 14: a file whose only programme column is a framework template does not read
 * the organisation's standards with its directory (new learners are given the template
 * whole, by ID). A learner OneFile has who holds part of the template already is told
 * which standards by name: the standards are read then, once.
 */

const TEMPLATE = 'Customer Service Practitioner L2 with English';
const standardSearches = (witness: Witness, from: number) => witness.sandbox.calls.slice(from).filter((call) => call.route === 'POST Standard/Search').length;

describe('standards read only where the plan names them', () => {
  let witness: Witness;
  beforeEach(async () => {
    witness = await startWitness();
  });
  afterEach(() => witness.close());

  it('does not read the standards for new learners given a template', async () => {
    const file = witness.csv('new.csv', [
      'Learner Ref,Forename,Surname,Email Address,Assessor,Class,Employer,Framework Template',
      `STD001,Nia,Roberts,nia.roberts@learner.example.com,James Fayre,Business Admin L2,BT - Manchester,${TEMPLATE}`,
      `STD002,Owen,Price,owen.price@learner.example.com,James Fayre,Business Admin L2,BT - Manchester,${TEMPLATE}`,
    ]);
    const io = witness.io();
    const from = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true }, io)).toBe(0);
    expect(lastJson(io.stdout)).toMatchObject({ state: 'completed', created: 2, failed: 0 });
    expect(standardSearches(witness, from)).toBe(0);
    expect(witness.writesSince(from).filter((w) => w.path.startsWith('FrameworkTemplate/802/Assign/'))).toHaveLength(2);
  });

  it('names the standards a learner already has from the template, read once for the file', async () => {
    // Gemma Hall is given the template's first standard on its own first.
    const first = witness.csv('standard.csv', ['Learner Ref,Standard', 'GHALL391,Customer Service Practitioner Level 2']);
    expect(await runImport(first, { ...witness.options, json: true }, witness.io())).toBe(0);

    const file = witness.csv('template.csv', ['Learner Ref,Framework Template', `GHALL391,${TEMPLATE}`, `CHENSHALL194,${TEMPLATE}`]);
    const io = witness.io();
    const from = witness.sandbox.calls.length;
    expect(await runImport(file, { ...witness.options, json: true, dryRun: true }, io)).toBe(1);
    const plan = lastJson(io.stdout);
    expect(plan.summary?.blockedReasons ?? plan.blockedReasons).toEqual([
      expect.objectContaining({ code: 'template-partly-assigned', message: expect.stringContaining(`already has Customer Service Practitioner Level 2 from the template "${TEMPLATE}"`) }),
    ]);
    expect(standardSearches(witness, from)).toBe(1);
    expect(witness.writesSince(from)).toEqual([]);
  });
});
