/**
 * The `chp` dispatcher: finds the command in the registry, parses its options strictly with
 * node:util parseArgs, prints its result as JSON on stdout. Errors go to stderr with a non-zero
 * exit code: 2 for a wrong command line, 1 for unusable input (files, rows).
 */
import { parseArgs } from 'node:util';
import { InputError, UsageError, type Command, type CommandIo } from './command';
import { COMMANDS } from './commands';

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: chp <command> [options]   (chp <command> --help for its options)\n\nCommands:\n${lines.join('\n')}\n\nOutput is JSON on stdout; errors go to stderr (exit code 2: wrong command line, 1: unusable input).`;
}

export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(`${overview()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command: Command | undefined = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`chp: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run "chp --help".\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout(`${command.help}\n`);
      return 0;
    }
    const positional = command.positional && positionals.length === 1 ? { [command.positional]: positionals[0] } : {};
    if (positionals.length > Object.keys(positional).length) throw new UsageError(`unexpected argument "${positionals.at(-1)}" (options are written --name value)`);
    const result = await command.run({ ...values, ...positional }, io);
    if (result !== undefined) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    const parseError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (error instanceof UsageError || parseError) {
      io.stderr(`chp ${name}: ${(error as Error).message}\nRun "chp ${name} --help" for usage.\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr(`chp ${name}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`chp ${name}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
