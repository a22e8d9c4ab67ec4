/** Entry point of the `chp` command line (bin/chp.js, `npm run chp -- …`). */
import { runCli } from './run';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`chp: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
