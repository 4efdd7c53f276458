/**
 * Every byte the CLI prints goes through here. Secrets are scrubbed as a last line of defence:
 * no code path is meant to print a token, but a token pasted in the wrong argument, echoed by a
 * server or caught in an exception message must still never reach a terminal or a CI log.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { shown } from './connection';
import { CliError, EXIT } from './errors';
import { redact } from './redact';
import { cliMessages } from './words';

export interface Sink {
  write(text: string): void;
}

export class Output {
  private readonly secrets: string[] = [];
  private progressShown = false;

  constructor(
    private readonly stdout: Sink,
    private readonly stderr: Sink,
    private readonly stderrIsTTY: boolean,
  ) {}

  /** Registers values that must never be printed, however short. */
  protect(...values: readonly string[]): void {
    for (const value of values) {
      if (value !== '' && !this.secrets.includes(value)) this.secrets.push(value);
    }
  }

  scrub(text: string): string {
    return redact(text, this.secrets);
  }

  out(text: string): void {
    this.clearProgress();
    this.stdout.write(this.scrub(text));
  }

  lines(lines: readonly string[]): void {
    this.out(lines.map((line) => `${line}\n`).join(''));
  }

  err(text: string): void {
    this.clearProgress();
    this.stderr.write(this.scrub(text));
  }

  /** One-line error; always ends the line. */
  error(message: string): void {
    this.err(`access-lens: ${message.replace(/\s*\n\s*/gu, ' ')}\n`);
  }

  warn(message: string): void {
    const line = cliMessages().text('cli.tool.output.warning', {
      message: message.replace(/\s*\n\s*/gu, ' '),
    });
    this.err(`access-lens: ${line}\n`);
  }

  /** A progress bar on a terminal; nothing at all when stderr is a pipe or a file. */
  progress(done: number, total: number, label: string): void {
    if (!this.stderrIsTTY || total <= 0) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    this.stderr.write(this.scrub(`\r[${bar}] ${done}/${total} ${label}`.padEnd(70)));
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.stderr.write(`\r${' '.repeat(70)}\r`);
    this.progressShown = false;
  }
}

/** Writes `text` to `path`; `flag` is `wx` (never overwrite) or `w` (`--force`). */
export type FileWriter = (path: string, text: string, flag: 'wx' | 'w') => void;

export const writeFileDefault: FileWriter = (path, text, flag) => {
  writeFileSync(path, text, { encoding: 'utf8', flag });
};

/** `--output` refused: the file exists (no `--force`), or it cannot be written at all. */
export class OutputFileError extends CliError {
  constructor(
    readonly path: string,
    readonly reason: 'exists' | 'unwritable',
    message: string,
  ) {
    super(message, EXIT.error);
  }
}

/**
 * Writes a report to `--output`, scrubbed as stdout would be. With `wx` the open itself fails on
 * an existing file or a missing folder, so a refusal leaves nothing behind.
 */
export function writeOutputFile(
  output: Output,
  write: FileWriter,
  path: string,
  text: string,
  force: boolean,
): void {
  try {
    write(path, output.scrub(text), force ? 'w' : 'wx');
  } catch (error) {
    const code = errorCode(error);
    const m = cliMessages();
    if (code === 'EEXIST') {
      throw new OutputFileError(
        path,
        'exists',
        m.text('cli.audit.output.exists', { path: shown(path) }),
      );
    }
    throw new OutputFileError(
      path,
      'unwritable',
      m.text('cli.audit.output.unwritable', { path: shown(path), reason: code ?? 'error' }),
    );
  }
}

/**
 * Refuses an existing `--output` file before the audit starts (a site audit can take hours); the
 * write itself refuses again, for a file that appears meanwhile.
 */
export function refuseExistingOutput(path: string, force: boolean): void {
  if (force || !existsSync(path)) return;
  throw new OutputFileError(
    path,
    'exists',
    cliMessages().text('cli.audit.output.exists', { path: shown(path) }),
  );
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
