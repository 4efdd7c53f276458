/**
 * Entry point of `access-lens` (package.json `bin`, `npm run cli -- …`): binds `run` to the real
 * process. The exit code is set rather than forced, so piped output is flushed first.
 */
import { run } from './run';
import { cliMessages } from './words';

// `access-lens audit --json | head`: a reader that stops early is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stderrIsTTY: process.stderr.isTTY,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // run() reports every failure itself; reaching this is a bug, still without a stack of secrets.
    const m = cliMessages();
    const name = error instanceof Error ? error.name : m.text('cli.tool.internalError.unknown');
    process.stderr.write(`access-lens: ${m.text('cli.tool.internalError', { name })}\n`);
    process.exitCode = 1;
  },
);
