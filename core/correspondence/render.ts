/**
 * Merge-field substitution, and nothing more: `{{name}}` (spaces allowed inside the braces) is
 * replaced by the field's value. No expressions, no loops, no code: a template is text. Unknown
 * fields are refused when a template is saved (`templateProblems`); a known field with no value
 * for this case is left as a visible `[[…]]` gap the writer must fill before sending.
 */
import { isMergeField, type MergeField } from './fields';

const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;
/** A gap the writer must fill: template guidance (“[[Set out each point…]]”) or a field with no value. */
const GAP = /\[\[([^\]]*)\]\]/g;

export type MergeValues = Partial<Record<MergeField, string>>;

/** Every problem with a template's text, in words; empty when it may be saved. */
export function templateProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(FIELD)) {
    const name = match[1];
    if (!isMergeField(name)) problems.push(`${where} uses {{${name}}}, which is not a merge field; use one of the fields listed, or remove the braces.`);
  }
  const stray = text.replace(FIELD, '');
  if (stray.includes('{{') || stray.includes('}}')) problems.push(`${where} has an unmatched “{{” or “}}”; a merge field is written {{fieldName}}.`);
  return [...new Set(problems)];
}

export interface Rendered {
  text: string;
  /** Known fields this case has no value for (left as `[[no …]]` gaps). */
  missing: MergeField[];
}

/** The template with each field replaced. Unknown fields are an error: the template should not have been saved. */
export function renderTemplate(text: string, values: MergeValues): Rendered {
  const missing = new Set<MergeField>();
  const rendered = text.replace(FIELD, (_whole, name: string) => {
    if (!isMergeField(name)) throw new RangeError(`{{${name}}} is not a merge field`);
    const value = values[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return `[[no ${name} recorded for this case: write it in]]`;
    }
    return value;
  });
  return { text: rendered, missing: [...missing] };
}

/** The `[[…]]` gaps still in a draft: a draft with gaps is not sent. */
export function unfilledGaps(text: string): string[] {
  return [...text.matchAll(GAP)].map((m) => m[1].trim());
}
