/**
 * What a `chp` command is. Each command lives in cli/commands/<name>.ts and is listed once in
 * cli/commands/index.ts. A command parses nothing itself: main.ts parses its options with
 * node:util parseArgs (strict) from `options`, then calls `run`; whatever `run` returns is printed
 * as JSON on stdout (return undefined when the command wrote its own output through `io`).
 */
import type { ParseArgsConfig } from 'node:util';

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Relative file names are read from here. */
  cwd: string;
}

export interface Command {
  /** One line for `chp --help`. */
  summary: string;
  /** The full help for `chp <name> --help`: usage line, options, output. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Accept one positional argument, passed to `run` as this option (`chp report quarterly` → kind). */
  positional?: string;
  run(values: OptionValues, io: CommandIo): unknown;
}

/** The command line itself is wrong (missing or malformed option): exit code 2. */
export class UsageError extends Error {}
/** A file or its contents cannot be used (unreadable, invalid rows): exit code 1. */
export class InputError extends Error {}
