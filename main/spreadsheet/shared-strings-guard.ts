/**
 * Counts a workbook's shared strings while their XML streams past, before exceljs keeps
 * them: exceljs holds every shared string in memory for the sheets to refer to, so a
 * workbook with millions of them, or with texts adding up to gigabytes, is stopped by
 * count and by length instead of by running out of memory.
 *
 * It is a scanner, not a parser. Strings are counted by their `<si` start tags, as
 * exceljs does; the length is every byte of text between tags, CDATA included. That
 * is never less than the characters exceljs would keep (entities and UTF-8 take more
 * bytes than characters), so the cap holds whatever the markup.
 */

export class SharedStringsOverLimit extends Error {
  constructor(
    readonly limit: 'count' | 'length',
    readonly max: number,
  ) {
    super(limit === 'count' ? `More than ${max} shared strings.` : `Shared strings longer than ${max} characters in all.`);
  }
}

export interface SharedStringLimits {
  maxSharedStrings: number;
  maxSharedStringsLength: number;
}

const LT = 0x3c;
const GT = 0x3e;
const cdataOpening = '![CDATA[';

type State = 'text' | 'tag-name' | 'tag' | 'cdata';

export class SharedStringsGuard {
  strings = 0;
  textBytes = 0;
  private state: State = 'text';
  /** The first bytes after `<`, until the tag is known to be `si`, CDATA or something else. */
  private head = '';
  /** The last two bytes inside CDATA, to see its `]]>` end across chunks. */
  private tail = '';

  constructor(private readonly limits: SharedStringLimits) {}

  /** Throws SharedStringsOverLimit as soon as a limit is passed. */
  push(chunk: Uint8Array): void {
    let text = 0;
    for (let at = 0; at < chunk.length; at++) {
      const byte = chunk[at];
      switch (this.state) {
        case 'text':
          if (byte === LT) {
            this.state = 'tag-name';
            this.head = '';
          } else text++;
          break;
        case 'tag-name':
          this.readTagName(String.fromCharCode(byte));
          break;
        case 'tag':
          if (byte === GT) this.state = 'text';
          break;
        case 'cdata':
          text++;
          if (byte === GT && this.tail === ']]') this.state = 'text';
          this.tail = (this.tail + String.fromCharCode(byte)).slice(-2);
          break;
      }
    }
    this.textBytes += text;
    if (this.textBytes > this.limits.maxSharedStringsLength) throw new SharedStringsOverLimit('length', this.limits.maxSharedStringsLength);
  }

  private readTagName(char: string): void {
    this.head += char;
    if (cdataOpening.startsWith(this.head)) {
      if (this.head === cdataOpening) {
        this.state = 'cdata';
        this.tail = '';
      }
      return;
    }
    if (this.head.length === 3 && this.head.startsWith('si') && /[\s>/]/.test(char)) {
      this.strings++;
      if (this.strings > this.limits.maxSharedStrings) throw new SharedStringsOverLimit('count', this.limits.maxSharedStrings);
    }
    if (char === '>') this.state = 'text';
    else if (this.head.length >= 3 || !'si'.startsWith(this.head)) this.state = 'tag';
  }
}
