/**
 * The CLI's own words (help, usage errors, failures, progress) in the `cli.tool.*` catalogue,
 * read once per process. The CLI speaks the default locale (docs/ARCHITECTURE.md, "Words and
 * translations"): scripts read its output, and README documents it.
 */
import type { Messages } from '../messages/format';
import { messagesFor } from '../messages/locale-file';

let cached: Messages | undefined;

export function cliMessages(): Messages {
  cached ??= messagesFor();
  return cached;
}
