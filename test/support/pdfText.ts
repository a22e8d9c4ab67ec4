/**
 * The text of a PDF, read with PDF.js (through `unpdf`) instead of poppler's `pdftotext`, so the tests
 * need nothing outside npm. Pages are joined with a newline; within a page, PDF.js gives the text runs
 * in drawing order, with a line break where a run ends a line.
 */
import { extractText, getDocumentProxy } from 'unpdf';

export async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  // PDF.js takes ownership of (detaches) the bytes it is given, so it gets a copy.
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
  return text.join('\n');
}
