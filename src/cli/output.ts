/**
 * Every byte the CLI prints goes through here. Secrets are scrubbed as a last line of defence:
 * no code path is meant to print a token, but a token pasted in the wrong argument, echoed by a
 * server or caught in an exception message must still never reach a terminal or a CI log.
 */
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
