/**
 * The text rule of core/text.ts as a zod string, for every schema that reads text (the API, the bot's
 * forms, case files): refuses what the rule refuses, with the field's path, then stores NFC.
 * It stays a ZodString, so `.trim()`, `.min()`, `.max()` and `.regex()` chain after it.
 */
import { z } from 'zod';
import { normaliseText, textProblem, type TextRule } from './text';

export function safeString(rule: TextRule = {}, params?: Parameters<typeof z.string>[0]): z.ZodString {
  return z
    .string(params)
    .superRefine((value, ctx) => {
      const problem = textProblem(value, rule);
      // `continue: false`: one clear message, not length complaints about text that is refused anyway.
      if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
    })
    .overwrite(normaliseText);
}

/** Text of one line: names, references, services, ids. */
export const safeLine = (params?: Parameters<typeof z.string>[0]): z.ZodString => safeString({ singleLine: true }, params);
