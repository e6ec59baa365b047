import Papa from 'papaparse';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DelimitedRecords, delimiterAsRead } from '../../main/spreadsheet/delimited-records';

/**
 * The record splitter hands plain lines on as they are and only the rest to papaparse:
 * every file must still read into exactly the records, cells and quote problems that
 * papaparse's own stream reading gives, however the text arrives in pieces.
 */
type Newline = '\r\n' | '\n' | '\r';

/** What papaparse's stream reading (the reader's way before) gives: each record's cells and its quote problems. */
async function papaparseRecords(text: string, delimiter: string, newline: Newline, pieceSize: number): Promise<string[]> {
  const records: string[] = [];
  await new Promise<void>((done, fail) => {
    Papa.parse<string[]>(Readable.from(pieces(text, pieceSize)) as unknown as NodeJS.ReadableStream, {
      delimiter,
      newline,
      quoteChar: '"',
      skipEmptyLines: false,
      step: (results) => void records.push(record(results.data, results.errors)),
      complete: () => done(),
      error: fail,
    });
  });
  return records;
}

function splitterRecords(text: string, delimiter: string, newline: Newline, pieceSize: number): string[] {
  const records: string[] = [];
  const splitter = new DelimitedRecords(delimiter, newline, {
    line: (line) => void records.push(record(line.split(delimiterAsRead(delimiter)), [])),
    cells: (cells, errors) => void records.push(record(cells, errors)),
  });
  for (const piece of pieces(text, pieceSize)) splitter.push(piece);
  splitter.end();
  return records;
}

function record(cells: string[], errors: readonly Papa.ParseError[]): string {
  return JSON.stringify([cells, errors.map((error) => error.code)]);
}

function* pieces(text: string, size: number): Generator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

const awkwardRecords = [
  'Forename,Surname,Notes',
  'Amelia,Hughes,',
  'Oliver,"Smith, Jr",plain',
  '"Siân","O\'Brien","said ""hello"""',
  'Isla,"two',
  'lines",x',
  '',
  ',,',
  'Jack,"quoted"  ,spaces after the quote',
  'Zoë,"bad"quote,after',
  'Mo,ab"c,quote inside',
  'Aoife,"ends with a quote"',
  'Seán,"three\r\nlines\ron one",y',
  '   ,\t,',
  'last,row,"',
];

describe('records as papaparse reads them', () => {
  for (const newline of ['\r\n', '\n', '\r'] as const) {
    it(`gives the records papaparse's stream gives, with ${JSON.stringify(newline)} line breaks, cut anywhere`, async () => {
      const bodies = [awkwardRecords.join(newline), awkwardRecords.join(newline) + newline, awkwardRecords.slice(0, -1).join(newline) + newline];
      for (const text of bodies) {
        for (const size of [text.length, 64, 17, 5, 1]) {
          const expected = await papaparseRecords(text, ',', newline, size);
          expect(splitterRecords(text, ',', newline, size)).toEqual(expected);
        }
      }
    });
  }

  it('reads a line break that is not the file\'s own as part of a cell, as papaparse does', async () => {
    const text = 'a,b\r\nc\nd,e\r\nf,"g\nh"\r\n';
    for (const size of [text.length, 3, 1]) expect(splitterRecords(text, ',', '\r\n', size)).toEqual(await papaparseRecords(text, ',', '\r\n', size));
  });

  it('splits at other delimiters, several characters long too, and at a comma for one papaparse cannot take', async () => {
    const text = 'a;b||c\r\n"x;y"||z\r\n1||2||3\r\n';
    for (const delimiter of [';', '||', '\t', '"']) {
      for (const size of [text.length, 4, 1]) expect(splitterRecords(text, delimiter, '\r\n', size)).toEqual(await papaparseRecords(text, delimiter, '\r\n', size));
    }
  });

  it('waits for the rest of a quoted value across many pieces and lines, and says when it never closes', async () => {
    const text = `a,"${'long value, with a line break\r\n'.repeat(50)}",b\r\nc,d\r\ne,"never closed\r\nf,g\r\n`;
    for (const size of [text.length, 100, 7]) expect(splitterRecords(text, ',', '\r\n', size)).toEqual(await papaparseRecords(text, ',', '\r\n', size));
    expect(splitterRecords(text, ',', '\r\n', 7).at(-1)).toContain('MissingQuotes');
  });
});

describe('records of random text', () => {
  it('are papaparse\'s records where most lines quote a value, at every delimiter, 400 texts', async () => {
    // Lines with quotes in their plain places (read without papaparse) among others that are not.
    let seed = 41;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    for (let n = 0; n < 400; n++) {
      const delimiter = pick([',', ';', '\t', '||', '|']);
      const newline = pick(['\r\n', '\n', '\r'] as const);
      const cell = () => pick(['a', 'Siân', '', '"x"', `"a${delimiter}b"`, '"say ""hi, , "', 'o"k', '"a" ', '"a"b', ' "a"', '"', `"two${newline}lines"`, `"${delimiter}"`]);
      const line = () => Array.from({ length: 1 + Math.floor(random() * 4) }, cell).join(delimiter);
      const text = Array.from({ length: 1 + Math.floor(random() * 6) }, line).join(newline) + pick(['', newline]);
      const size = pick([text.length, 1 + Math.floor(random() * 30)]);
      expect(splitterRecords(text, delimiter, newline, size), JSON.stringify({ text, delimiter, newline, size })).toEqual(await papaparseRecords(text, delimiter, newline, size));
    }
  });

  it('are papaparse\'s records, for 300 texts of quotes, delimiters and line breaks', async () => {
    let seed = 14;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', 'b', ',', ',', '"', '"', '\r\n', '\n', '\r', ' ', 'é'];
    for (let n = 0; n < 300; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const newline = (['\r\n', '\n', '\r'] as const)[n % 3];
      const size = 1 + Math.floor(random() * 20);
      expect(splitterRecords(text, ',', newline, size), JSON.stringify({ text, newline, size })).toEqual(await papaparseRecords(text, ',', newline, size));
    }
  });
});
