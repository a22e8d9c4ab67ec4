/**
 * Which files a case may hold, decided from the name a person gave and the bytes themselves, never from
 * the type the browser claimed. Evidence, photos and scanned letters: PDF, JPEG, PNG, GIF, WebP, HEIC,
 * Word (.docx), Excel (.xlsx), plain text and saved emails (.msg, .eml). Anything a browser or the
 * operating system could run (HTML, SVG, scripts, programs) is refused, also when it wears another name.
 * Pure: the API reads the upload, asks here, then stores it.
 */
import { textProblem, normaliseText } from './text';

/** The largest file a case keeps (the API's upload limit). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const MAX_NAME_LENGTH = 200;

interface FileKind {
  words: string;
  contentType: string;
  /** Whether the bytes are this kind of file. */
  matches: (bytes: Buffer) => boolean;
}

const startsWith = (bytes: Buffer, signature: number[] | string, at = 0): boolean => {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= at + expected.length && bytes.subarray(at, at + expected.length).equals(expected);
};

const isZip = (bytes: Buffer) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
/** OOXML packages name their parts in the zip's local headers, in plain ASCII. */
const zipHolds = (bytes: Buffer, part: string) => isZip(bytes) && bytes.includes(Buffer.from('[Content_Types].xml')) && bytes.includes(Buffer.from(part));
const HEIC_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];
const isHeic = (bytes: Buffer) => startsWith(bytes, 'ftyp', 4) && HEIC_BRANDS.includes(bytes.subarray(8, 12).toString('latin1'));

/** UTF-8 text with no NUL and none of the text rule's invisible characters (tab and line breaks allowed). */
function isPlainText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return !decoded.includes('\uFFFD') && textProblem(decoded.replace(/^\uFEFF/, '')) === null;
}

/** An email saved as a file begins with a header line ("From: …", "Received: …"). */
const isEmail = (bytes: Buffer) => isPlainText(bytes) && /^[\x21-\x39\x3b-\x7e]+:[ \t]/.test(bytes.subarray(0, 1000).toString('latin1'));

const KINDS: Record<string, FileKind> = {
  pdf: { words: 'a PDF', contentType: 'application/pdf', matches: (b) => startsWith(b, '%PDF-') },
  jpg: { words: 'a JPEG photo', contentType: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  png: { words: 'a PNG image', contentType: 'image/png', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  gif: { words: 'a GIF image', contentType: 'image/gif', matches: (b) => startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a') },
  webp: { words: 'a WebP image', contentType: 'image/webp', matches: (b) => startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8) },
  heic: { words: 'a HEIC photo (iPhone)', contentType: 'image/heic', matches: isHeic },
  docx: { words: 'a Word document', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', matches: (b) => zipHolds(b, 'word/') },
  xlsx: { words: 'an Excel workbook', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', matches: (b) => zipHolds(b, 'xl/') },
  txt: { words: 'plain text', contentType: 'text/plain', matches: isPlainText },
  msg: { words: 'an Outlook message', contentType: 'application/vnd.ms-outlook', matches: (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  eml: { words: 'a saved email', contentType: 'message/rfc822', matches: isEmail },
};
const SAME_KIND: Record<string, string> = { jpeg: 'jpg', heif: 'heic' };

/** The file name endings a case accepts, for messages and the file picker. */
export const DOCUMENT_EXTENSIONS: readonly string[] = ['pdf', 'jpg', 'jpeg', 'png', 'gif', 'webp', 'heic', 'heif', 'docx', 'xlsx', 'txt', 'msg', 'eml'];
const ALLOWED_WORDS = 'PDF, JPEG, PNG, GIF, WebP, HEIC, Word (.docx), Excel (.xlsx), text (.txt) or a saved email (.msg, .eml)';

/** What dangerous content looks like, to say plainly why a file is refused. */
function dangerousContent(bytes: Buffer): string | null {
  if (startsWith(bytes, 'MZ')) return 'a Windows program';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'a program (ELF)';
  if (startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])) return 'a program (Mach-O)';
  if (startsWith(bytes, '#!')) return 'a script';
  const head = bytes.subarray(0, 1024).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (/^<([!?]|[a-z][a-z0-9-]*[\s/>])/.test(head)) return 'markup a browser could run (HTML, SVG or XML)';
  return null;
}

export type NameCheck = { ok: true; name: string; extension: string } | { ok: false; message: string };

/**
 * The name a file is kept under: the last part of whatever path came with it, the text rule kept
 * (invisible and bidirectional characters refused, not silently dropped: a right-to-left override
 * makes "photo[U+202E]gpj.exe" read as "photoexe.jpg"), characters Windows cannot save replaced, no leading
 * dots, at most 200 characters with the ending kept.
 */
export function cleanDocumentName(given: string): NameCheck {
  const problem = textProblem(given, { singleLine: true });
  if (problem) return { ok: false, message: `The file name ${problem}.` };
  const base = normaliseText(given).split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(/[:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!name || dot <= 0) return { ok: false, message: `Give the file a name that ends in its type, e.g. "letter.pdf"; "${base || given}" has none. Accepted: ${ALLOWED_WORDS}.` };
  if (name.length > MAX_NAME_LENGTH) name = `${name.slice(0, MAX_NAME_LENGTH - extension.length - 1).trimEnd()}.${extension}`;
  // Device names that Windows will not save a file under, whatever the ending.
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(name.slice(0, name.indexOf('.')))) name = `_${name}`;
  return { ok: true, name, extension };
}

export type FileCheck = { ok: true; name: string; contentType: string } | { ok: false; status: 413 | 415 | 400; message: string };

/** Whether a case may keep this file, and under which name and type; else why not, for the person who chose it. */
export function checkDocumentFile(givenName: string, bytes: Buffer): FileCheck {
  const named = cleanDocumentName(givenName);
  if (!named.ok) return { ok: false, status: 400, message: named.message };
  const { name, extension } = named;
  if (bytes.length === 0) return { ok: false, status: 400, message: `${name} is empty (0 bytes); choose the file again, or check that it saved properly.` };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, status: 413, message: `${name} is ${megabytes(bytes.length)}; the largest file a case keeps is ${megabytes(MAX_DOCUMENT_BYTES)}. Reduce it (e.g. scan at a lower resolution) or split it.` };
  const kind = KINDS[SAME_KIND[extension] ?? extension];
  const danger = dangerousContent(bytes);
  if (!kind) {
    const what = danger ? ` This one is ${danger}.` : '';
    return { ok: false, status: 415, message: `A case cannot keep .${extension} files; it keeps ${ALLOWED_WORDS}.${what}` };
  }
  if (danger || !kind.matches(bytes)) {
    const actually = danger ? `its content is ${danger}` : 'its content is something else';
    return { ok: false, status: 415, message: `${name} is named as ${kind.words}, but ${actually}; it was not kept. Save it in its real format and try again.` };
  }
  return { ok: true, name, contentType: kind.contentType };
}

export function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
