import type { ByteSource } from './byte-source';
import { detectBom, guessUtf16WithoutBom } from './text-encoding';

/**
 * What a file really is, judged by its bytes rather than its name: users rename files,
 * and MIS exports often carry the wrong extension.
 */
export type FileKind = 'empty' | 'legacy-xls' | 'encrypted' | 'rights-protected' | 'xml-2003' | 'zip' | 'html' | 'xml' | 'text' | 'binary';

const ole2Signature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const sampleBytes = 64 * 1024;
/**
 * How far into an OLE2 file to look for the streams that mark an .xlsx encrypted inside one:
 * by a password (`EncryptionInfo`), or by a sensitivity label or rights management
 * (Microsoft Purview, IRM: `DRMEncryptedDataSpace`, with no `EncryptionInfo`), which was
 * taken for an old .xls before.
 */
const oleSearchBytes = 1024 * 1024;

export async function detectFileKind(source: ByteSource): Promise<FileKind> {
  if (source.size === 0) return 'empty';
  const head = await source.read(0, sampleBytes);
  if (startsWith(head, ole2Signature)) {
    const start = Buffer.from(await source.read(0, oleSearchBytes));
    // DRMEncryptedDataSpace: an .xlsx; \tDRMDataSpace: an old binary workbook (MS-OFFCRYPTO, the IRM data space).
    if (start.includes(Buffer.from('DRMEncrypted', 'utf16le')) || start.includes(Buffer.from('\tDRMDataSpace', 'utf16le'))) return 'rights-protected';
    if (start.includes(Buffer.from('EncryptionInfo', 'utf16le')) || start.includes(Buffer.from('EncryptedPackage', 'utf16le'))) return 'encrypted';
    return 'legacy-xls';
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  const unicode = detectBom(head)?.encoding ?? guessUtf16WithoutBom(head);
  if (unicode) return looksLikeXml(new TextDecoder(unicode).decode(head.subarray(0, 4096))) ? 'xml' : 'text';
  if (looksBinary(head)) return 'binary';
  const opening = Buffer.from(head.subarray(0, 2048)).toString('latin1').trimStart().toLowerCase();
  if (opening.startsWith('<?xml') && opening.includes('urn:schemas-microsoft-com:office:spreadsheet')) return 'xml-2003';
  if (opening.startsWith('<') && /<(!doctype html|html|table)\b/.test(opening)) return 'html';
  if (looksLikeXml(opening)) return 'xml';
  return 'text';
}

/** An XML document (an ILR is one): a declaration, a comment, a document type or an element first. */
function looksLikeXml(text: string): boolean {
  const opening = text.replace(/^\ufeff/, '').trimStart().toLowerCase();
  if (/^<(!doctype html|html|table)\b/.test(opening)) return false;
  return /^<(\?xml[\s?]|!--|!doctype\s|[a-z_][\w.-]*[\s/>:])/.test(opening);
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** NUL bytes, or more than 1 in 100 control characters other than tab, newline, CR, form feed. */
function looksBinary(sample: Uint8Array): boolean {
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1a) controls++;
  }
  return controls * 100 > sample.length;
}
