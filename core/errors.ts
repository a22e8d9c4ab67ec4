/** Results of core operations: a value, or a rule violation a person can read and act on. */

export type RuleViolationCode = 'forbidden' | 'not-allowed-now' | 'invalid-input';

export interface RuleViolation {
  code: RuleViolationCode;
  /** A sentence a person can act on. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: RuleViolation };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const refuse = <T = never>(code: RuleViolationCode, message: string): Result<T> => ({
  ok: false,
  error: { code, message },
});

export const violation = (code: RuleViolationCode, message: string): RuleViolation => ({ code, message });
