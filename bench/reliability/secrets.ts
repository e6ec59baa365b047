import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { needsNeutralising } from '../../main/import/report/neutralise';
import { startSandbox } from '../../main/sandbox';
import { seededRandom } from '../../main/sandbox/random';
import { filesUnder } from '../../test/import/cli-fixtures';
import { tempDir } from '../../test/import/run-fixtures';
import { lastJsonLine, runCli, type CliResult } from './cli-process';
import { writeProgrammeFile } from './crash-resume';
import { driveFaults, FAULTS } from './faults';
import { startOneFileProxy } from './onefile-proxy';

/**
 * Secrets after a rough run: a sandbox with its own distinctive customer token and
 * every fault switched on (sessions expiring every 50 calls), a recording proxy in front of it noting every session
 * token OneFile issued, and the command-line import run with the token in
 * ONEFILE_CUSTOMER_TOKEN. Then every file the run left (data folder: run folder,
 * journal, plan, directory cache, reports; the report folder), and everything it
 * printed, is searched for the customer token and each session token, XLSX parts
 * included (their text is compressed, so each cell is read). The file also carries
 * formula-injection text, and every report cell is checked: no CSV cell a
 * spreadsheet would run as a formula, no formula in the XLSX.
 */

export interface SecretsOptions {
  rows: number;
  tag: string;
  seed: number;
}

export interface SecretsReport {
  run: CliResult;
  summary?: Record<string, unknown>;
  /** Files (and "stdout"/"stderr") in which a token was found, with which. */
  leaks: { where: string; token: 'customer' | 'session' }[];
  filesSearched: number;
  sessionTokens: number;
  /** Report cells that a spreadsheet would run as a formula. */
  dangerousCells: { file: string; cell: string }[];
  /** Injection texts seen (neutralised) in the reports: proof the check had something to check. */
  injectionCellsSeen: number;
  faults: { serverErrors: number; lostAnswers: number; rateLimited: number };
}

/** Cells an attacker (or an unlucky MIS export) puts in a spreadsheet to run code when it is opened. */
export const INJECTIONS = ['=1+2', '+SUM(1;2)', '-2+3', '@SUM(A1:A2)', '\t=cmd', '=HYPERLINK("http://evil.example","click")'];

function injectionRows(tag: string): string[] {
  // Names that are text to OneFile but formulas to Excel (created, so they reach the
  // results report), and an email that is an injection (skipped, so its row with all
  // its original cells reaches the errors report).
  return INJECTIONS.map((text, i) => {
    const ref = `${tag}${String(900 + i)}`;
    const cells = [ref, text, `Inject${i}`, `${ref.toLowerCase()}@learners.example.com`, 'James Fayre', 'Business Admin L2', 'BT - Manchester', 'Business Administrator Level 3', 'KS_ORG1', ''];
    if (i % 2 === 1) cells[3] = text;
    return cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
  });
}

async function xlsxTexts(file: string): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const texts: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) texts.push(`FORMULA:${cell.formula}`);
        else texts.push(cell.text);
      }),
    ),
  );
  return texts;
}

export async function secretsAfterARoughRun(options: SecretsOptions): Promise<SecretsReport> {
  const customerToken = `cust-${randomBytes(12).toString('hex')}-do-not-log`;
  // Sessions expire every 50 calls here (not 200), so even a short run goes through several session tokens.
  const sandbox = await startSandbox({ seed: 1, rateLimit: 100, windowMs: 300, customerToken, ...FAULTS, expireSessionsEvery: 50, random: seededRandom(options.seed) });
  const proxy = await startOneFileProxy(sandbox.baseUrl);
  const root = tempDir('secrets-');
  const dataDir = path.join(root, 'data');
  const reportDir = path.join(root, 'reports');
  try {
    const file = await writeProgrammeFile(root, options.rows, options.tag);
    fs.appendFileSync(file, `${injectionRows(options.tag).join('\r\n')}\r\n`);
    const driver = driveFaults(sandbox, options.seed + 1);
    let run: CliResult;
    try {
      run = await runCli(
        ['import', file, '--env', proxy.baseUrl, '--org', '5740', '--data-dir', dataDir, '--report-dir', reportDir, '--skip-invalid', '--json', '--rate-window-ms', '300'],
        { ONEFILE_CUSTOMER_TOKEN: customerToken },
      );
    } finally {
      driver.stop();
    }

    const sessions = [...proxy.sessionTokens];
    const leaks: SecretsReport['leaks'] = [];
    const look = (where: string, text: string) => {
      if (text.includes(customerToken)) leaks.push({ where, token: 'customer' });
      if (sessions.some((token) => text.includes(token))) leaks.push({ where, token: 'session' });
    };
    look('stdout', run.stdout);
    look('stderr', run.stderr);
    const files = [...filesUnder(dataDir), ...(fs.existsSync(reportDir) ? filesUnder(reportDir) : [])];
    const dangerousCells: SecretsReport['dangerousCells'] = [];
    let injectionCellsSeen = 0;
    for (const found of files) {
      look(found, fs.readFileSync(found, 'latin1'));
      look(found, fs.readFileSync(found, 'utf8'));
      if (found.endsWith('.xlsx')) {
        const texts = await xlsxTexts(found);
        look(`${found} (cells)`, texts.join('\n'));
        for (const text of texts) {
          if (text.startsWith('FORMULA:')) dangerousCells.push({ file: found, cell: text });
          if (INJECTIONS.some((injection) => text.includes(injection))) injectionCellsSeen++;
        }
      }
      if (found.endsWith('.csv')) {
        const rows = Papa.parse<string[]>(fs.readFileSync(found, 'utf8').replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
        for (const cell of rows.flat()) {
          if (needsNeutralising(cell) && !cell.startsWith("'")) dangerousCells.push({ file: found, cell });
          if (INJECTIONS.some((injection) => cell === `'${injection}` || cell.includes(injection))) injectionCellsSeen++;
        }
      }
    }
    return {
      run,
      summary: lastJsonLine(run.stdout),
      leaks,
      filesSearched: files.length,
      sessionTokens: sessions.length,
      dangerousCells,
      injectionCellsSeen,
      faults: {
        serverErrors: sandbox.calls.filter((c) => c.status === 500).length,
        lostAnswers: sandbox.calls.filter((c) => c.lost).length,
        rateLimited: sandbox.calls.filter((c) => c.status === 429).length,
      },
    };
  } finally {
    await proxy.close();
    await sandbox.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
