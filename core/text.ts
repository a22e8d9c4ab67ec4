/**
 * The one rule for text a person typed (or a file carried) into a case or any other record.
 *
 * Refused, because they are invisible and can deceive a reader or a terminal:
 * - control characters (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F) except tab and line breaks
 *   (NUL, and ESC as in the ANSI colour codes `ESC[31m`, are the usual ones);
 * - bidirectional formatting characters: embeddings and overrides U+202A–U+202E, isolates
 *   U+2066–U+2069, and the marks LRM U+200E, RLM U+200F and ALM U+061C. Right-to-left scripts display
 *   correctly without them; what they are good for in a record is making text read differently from
 *   what it is (a "Trojan Source" reference or file name);
 * - lone surrogates (half a character: not valid Unicode, cannot be stored as UTF-8), and the
 *   replacement character U+FFFD, which is what a lone surrogate or a file that is not UTF-8 (a CSV
 *   saved as "ANSI") turns into on the way in: the text lost characters, so it is refused, not kept.
 * Single-line text (names, references, services, ids) also refuses tab and line breaks (LF, CR, U+2028,
 * U+2029): they would break the one-line places it is shown in (card titles, CSV cells, report tables).
 *
 * Accepted text is normalised: line breaks to LF (a Windows CR LF is one line break) and Unicode to
 * NFC, so "é" typed as e + combining accent is stored, searched and compared as the one character é.
 */

export interface TextRule {
  /** Refuse tab and line breaks too. */
  singleLine?: boolean;
}

const CHARACTER_NAMES: Record<number, string> = {
  0x00: 'a NUL character',
  0x09: 'a tab',
  0x0a: 'a line break',
  0x0d: 'a line break',
  0x1b: 'an ESC character (as in terminal colour codes)',
  0x7f: 'a DEL character',
  0x061c: 'an Arabic letter mark (ALM)',
  0x200e: 'a left-to-right mark (LRM)',
  0x200f: 'a right-to-left mark (RLM)',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
  0x202a: 'a left-to-right embedding',
  0x202b: 'a right-to-left embedding',
  0x202c: 'a pop directional formatting character',
  0x202d: 'a left-to-right override',
  0x202e: 'a right-to-left override',
  0x2066: 'a left-to-right isolate',
  0x2067: 'a right-to-left isolate',
  0x2068: 'a first strong isolate',
  0x2069: 'a pop directional isolate',
};

const isLineBreak = (cp: number): boolean => cp === 0x0a || cp === 0x0d || cp === 0x2028 || cp === 0x2029;
const isControl = (cp: number): boolean => cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
const isBidiFormatting = (cp: number): boolean =>
  cp === 0x061c || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
const isSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdfff;
const REPLACEMENT = 0xfffd;

const hex = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

function refused(cp: number, rule: TextRule): boolean {
  if (isSurrogate(cp) || isBidiFormatting(cp) || cp === REPLACEMENT) return true;
  if (cp === 0x09 || isLineBreak(cp)) return rule.singleLine === true;
  return isControl(cp);
}

function describe(cp: number): string {
  if (isSurrogate(cp)) return 'half of a character (a lone surrogate: the text was cut or mis-encoded)';
  if (cp === REPLACEMENT) return 'a replacement character, where a character was lost (for a file: save it as UTF-8)';
  return CHARACTER_NAMES[cp] ?? (isControl(cp) ? 'an invisible control character' : 'an invisible formatting character');
}

/**
 * Why the text breaks the rule — "contains a right-to-left override (U+202E) at character 7; remove
 * it" — or null when it is acceptable. The caller names the field.
 */
export function textProblem(value: string, rule: TextRule = {}): string | null {
  let position = 0;
  // Iterating a string yields code points; a lone surrogate comes out on its own.
  for (const char of value) {
    position += 1;
    const cp = char.codePointAt(0)!;
    if (!refused(cp, rule)) continue;
    if (rule.singleLine && (cp === 0x09 || isLineBreak(cp))) return `must be a single line: it contains ${describe(cp)} at character ${position}; remove it`;
    return `contains ${describe(cp)} (${hex(cp)}) at character ${position}; remove it and type the text again`;
  }
  return null;
}

/** Accepted text in its stored form: line breaks as LF, Unicode NFC. */
export function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, '\n').normalize('NFC');
}

/** The rule and the normalisation together: the stored text, or why it is refused. */
export function checkedText(value: string, rule: TextRule = {}): { ok: true; value: string } | { ok: false; message: string } {
  const problem = textProblem(value, rule);
  return problem ? { ok: false, message: problem } : { ok: true, value: normaliseText(value) };
}

export interface TextTreeProblem {
  /** Where in the value: object keys and array indexes; a refused key ends in "(a field name)". */
  path: (string | number)[];
  message: string;
}

/**
 * The rule over every string of a parsed JSON value (values at any depth, and keys as single lines):
 * the value with its strings normalised, and every problem found (at most `limit`). For adapters
 * that take whole documents — an API body, a case file's Case objects — so no field is missed.
 */
export function checkTextTree(value: unknown, limit = 20): { value: unknown; problems: TextTreeProblem[] } {
  const problems: TextTreeProblem[] = [];
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (problems.length >= limit) return node;
    if (typeof node === 'string') {
      const problem = textProblem(node);
      if (problem) problems.push({ path, message: problem });
      return problem ? node : normaliseText(node);
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) {
        const keyProblem = textProblem(key, { singleLine: true });
        // Name a refused key by its position rather than echo its characters.
        if (keyProblem) problems.push({ path: [...path, '(a field name)'], message: keyProblem });
        else out[key] = walk(item, [...path, key]);
      }
      return out;
    }
    return node;
  };
  const checked = walk(value, []);
  return { value: checked, problems };
}

/**
 * Text from elsewhere offered to a person to edit (a Teams message prefilling the log form): the
 * refused characters dropped and the rest normalised, so the form they submit keeps the rule.
 */
export function withoutRefusedCharacters(value: string, rule: TextRule = {}): string {
  let out = '';
  for (const char of value) {
    const cp = char.codePointAt(0)!;
    // A single line keeps its words apart where a line break or tab was.
    if (!refused(cp, rule)) out += char;
    else if (cp === 0x09 || isLineBreak(cp)) out += ' ';
  }
  return normaliseText(out);
}
