import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../main/cli/import-command';
import { decodeHtmlReferences, htmlEncodedForms } from '../../main/onefile/schemas';
import type { RunningSandbox } from '../../main/sandbox';
import { capturedIo, lastJson, writeCsv } from '../import/cli-fixtures';
import { tempDir } from '../import/run-fixtures';
import { sandboxesClosedAfterEach } from './sandboxes';

/**
 * A OneFile that sanitises its input [assume: text comes back as it was sent]: every text a
 * call sends is stored and answered HTML-encoded (`O&#39;Connor`, `Marks &amp; Spencer`),
 * the sandbox's `textInput: html-encoded`. Before the importer read character references
 * back, each import of the same file made the placement and the class named with an `&`
 * again (they looked missing) and moved every learner to the new ones, and "updated"
 * Sophie O'Connor's last name and failed her row, every week.
 */

const WINDOW_MS = 300;
const sandboxWith = sandboxesClosedAfterEach({ windowMs: WINDOW_MS });
const PLACEMENT = 'Marks & Spencer - Leeds';
const CLASS = 'Health & Social Care <L2>';

const lines = [
  `TXT001,Sophie,O'Connor,sophie.oconnor@example.com,Kate Anderson,${CLASS},${PLACEMENT},Business Administrator Level 3,KS_ORG1`,
  `TXT002,Zoë,"Smith ""Jr""",zoe.smith@example.com,James Fayre,${CLASS},${PLACEMENT},Business Administrator Level 3,KS_ORG1`,
  `TXT003,Ann-Marie,D'Souza & Co,ann.dsouza@example.com,Kate Anderson,Business Admin L2,BT - Manchester,Business Administrator Level 3,KS_ORG1`,
];

const writes = (sandbox: RunningSandbox) => sandbox.calls.filter((c) => c.method === 'POST' && !/Search|Authentication/i.test(c.path));

async function importFile(sandbox: RunningSandbox, file: string, dataDir: string) {
  const io = capturedIo({ ONEFILE_CUSTOMER_TOKEN: sandbox.customerToken });
  const code = await runImport(file, { env: sandbox.baseUrl, org: 5740, dataDir, json: true, yes: true, rateWindowMs: WINDOW_MS, createMissing: [{ field: 'Placement', name: PLACEMENT }, { field: 'Classroom', name: CLASS }] }, io);
  return { code, io, summary: lastJson(io.stdout) };
}

describe('a OneFile that answers text HTML-encoded', () => {
  it('reads the names back as sent: the placement and class made once, each learner once, and the next import of the file writes nothing', async () => {
    const sandbox = await sandboxWith({ textInput: 'html-encoded' });
    const dir = tempDir('text-input-');
    const dataDir = path.join(dir, 'data');
    const file = writeCsv(dir, 'learners.csv', lines);

    const first = await importFile(sandbox, file, dataDir);
    expect(first.code, first.io.stderr.join('')).toBe(0);
    expect(first.summary).toMatchObject({ created: 3, failed: 0 });
    // OneFile holds them encoded: the variation is in play.
    expect(sandbox.store.all('placements').filter((p) => p.Name === 'Marks &amp; Spencer - Leeds')).toHaveLength(1);
    expect(sandbox.store.usersOf(5740, 1).find((u) => u.MISID === 'TXT001')?.LastName).toBe('O&#39;Connor');

    const before = writes(sandbox).length;
    const again = await importFile(sandbox, file, dataDir);
    expect(again.code, again.io.stderr.join('')).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    expect(writes(sandbox).slice(before).map((c) => c.route)).toEqual([]);
    expect(sandbox.store.all('placements').filter((p) => p.Name.includes('Spencer'))).toHaveLength(1);
    expect(sandbox.store.all('classrooms').filter((c) => c.Name.includes('Social Care'))).toHaveLength(1);
    const learners = sandbox.store.usersOf(5740, 1).filter((u) => u.MISID?.startsWith('TXT'));
    expect(learners.map((u) => u.MISID).sort()).toEqual(['TXT001', 'TXT002', 'TXT003']);
    // What a person reads is the name, not its encoding.
    expect(again.io.stdout.join('') + again.io.stderr.join('')).not.toMatch(/&#39;|&amp;/);
  }, 120_000);

  it('reads character references, named and numbered, and leaves other ampersands alone', () => {
    expect(decodeHtmlReferences('O&#39;Connor')).toBe("O'Connor");
    expect(decodeHtmlReferences('Health &amp; Social Care &lt;L2&gt;')).toBe('Health & Social Care <L2>');
    expect(decodeHtmlReferences('Smith &quot;Jr&quot; &#x27;&apos;')).toBe('Smith "Jr" \'\'');
    expect(decodeHtmlReferences('Zo&#235;')).toBe('Zoë');
    expect(decodeHtmlReferences('M&S Leeds & Bradford; &unknown; &#0;')).toBe('M&S Leeds & Bradford; &unknown; &#0;');
    expect(decodeHtmlReferences('plain')).toBe('plain');
  });

  it('names the forms a OneFile could hold a text in: as .NET and OWASP encode an apostrophe', () => {
    expect(htmlEncodedForms("sophie.o'connor@example.com")).toEqual(['sophie.o&#39;connor@example.com', 'sophie.o&#x27;connor@example.com', 'sophie.o&#039;connor@example.com', 'sophie.o&apos;connor@example.com']);
    expect(htmlEncodedForms('a&b@example.com')).toEqual(['a&amp;b@example.com']);
    expect(htmlEncodedForms('plain@example.com')).toEqual([]);
  });
});

describe('a OneFile that stores text HTML-encoded but compares search filters as sent', () => {
  // Its answers lost, every write is checked by a search before it is sent again: a search
  // for "Marks & Spencer - Leeds" or "sophie.o'connor@example.com" finds nothing where OneFile
  // holds "Marks &amp; Spencer - Leeds", though the record is there.
  const keyedByEmail = [
    `,Sophie,O'Connor,sophie.o'connor@example.com,Kate Anderson,${CLASS},${PLACEMENT},Business Administrator Level 3,KS_ORG1`,
    `TXT004,Liam,Burke,liam.burke@example.com,James Fayre,${CLASS},${PLACEMENT},Business Administrator Level 3,KS_ORG1`,
  ];

  it('every answer lost: the placement, the class and each learner are made once, found by what OneFile holds', async () => {
    const sandbox = await sandboxWith({ textInput: 'html-encoded-writes', loseEveryNthWrite: 1 });
    const dir = tempDir('text-filters-');
    const dataDir = path.join(dir, 'data');
    const file = writeCsv(dir, 'learners.csv', keyedByEmail);

    const first = await importFile(sandbox, file, dataDir);
    expect(sandbox.store.all('placements').filter((p) => p.Name.includes('Spencer'))).toHaveLength(1);
    expect(sandbox.store.all('classrooms').filter((c) => c.Name.includes('Social Care'))).toHaveLength(1);
    const learners = sandbox.store.usersOf(5740, 1).filter((u) => u.Email?.includes("o&#39;connor") || u.MISID === 'TXT004');
    expect(learners).toHaveLength(2);
    expect(sandbox.calls.filter((c) => c.route === 'POST User').length).toBe(2);
    // The variation is in play: OneFile holds the text encoded, and a search by it as sent finds nothing.
    expect(sandbox.store.all('placements').find((p) => p.Name.includes('Spencer'))?.Name).toBe('Marks &amp; Spencer - Leeds');
    expect(first.code, first.io.stderr.join('')).toBe(0);
    expect(first.summary).toMatchObject({ created: 2, failed: 0 });

    const before = writes(sandbox).length;
    const again = await importFile(sandbox, file, dataDir);
    expect(again.code, again.io.stderr.join('')).toBe(0);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(writes(sandbox).slice(before).map((c) => c.route)).toEqual([]);
  }, 120_000);

  it('search rows without emails: a learner already in OneFile under another name is found by the email OneFile holds encoded, not made again', async () => {
    // Only a look-up by email can find her (her name in OneFile is not the file's, and she
    // has no MIS ID yet); a search by the email as sent finds nothing where OneFile holds
    // "sophie.o&#39;connor@example.com". Before the look-up searched the encoded forms too,
    // the second import created her a second time.
    const sandbox = await sandboxWith({ textInput: 'html-encoded-writes', pagedUserRows: 'brief' });
    const dir = tempDir('text-lookup-');
    const byHand = `,Sophie,Connor,sophie.o'connor@example.com,Kate Anderson,Business Admin L2,BT - Manchester,Business Administrator Level 3,KS_ORG1`;
    const first = await importFile(sandbox, writeCsv(dir, 'before.csv', [byHand]), path.join(dir, 'someone-else'));
    expect(first.summary, first.io.stderr.join('')).toMatchObject({ created: 1, failed: 0 });
    const holding = () => sandbox.store.usersOf(5740, 1).filter((u) => u.Email?.toLowerCase().includes('connor@example.com'));
    expect(holding().map((u) => u.Email)).toEqual(["sophie.o&#39;connor@example.com"]);

    const weekly = `TXT009,Sophie,O'Connor,sophie.o'connor@example.com,Kate Anderson,Business Admin L2,BT - Manchester,Business Administrator Level 3,KS_ORG1`;
    const file = writeCsv(dir, 'weekly.csv', [weekly]);
    const dataDir = path.join(dir, 'data');
    const second = await importFile(sandbox, file, dataDir);
    expect(second.code, second.io.stderr.join('')).toBe(0);
    expect(second.summary).toMatchObject({ created: 0, linked: 1, failed: 0 });
    expect(holding()).toHaveLength(1);
    expect(holding()[0]).toMatchObject({ MISID: 'TXT009', LastName: 'O&#39;Connor' });

    const third = await importFile(sandbox, file, dataDir);
    expect(third.summary).toMatchObject({ created: 0, updated: 0, unchanged: 1, failed: 0 });
    expect(holding()).toHaveLength(1);
  }, 120_000);
});
