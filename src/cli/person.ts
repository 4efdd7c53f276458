/**
 * `access-lens person <accountId>`: what one person can see across the site, read as the token's
 * owner (src/app/person-reach.ts). The JSON is the answer as data; the text and the CSV are worded
 * from the `cli.person.*` catalogue. Registered by run.ts, which owns sessions and exit codes.
 */
import type { Command } from 'commander';
import type { ConfluenceClient } from '../confluence/client';
import { answerPersonReach } from '../app/person-reach';
import type { Messages } from '../messages/format';
import { personCsv, personJson, personText } from '../messages/person-reach';
import { messagesFor } from '../messages/locale-file';
import { EXIT } from './errors';
import { parseAccountId } from './ids';
import type { Output } from './output';

export interface PersonOptions {
  readonly json?: boolean;
  readonly csv?: boolean;
}

export interface PersonDeps<O extends PersonOptions> {
  readonly words: Messages;
  readonly output: Output;
  readonly open: (options: O) => ConfluenceClient;
  readonly action: (body: (accountId: string, options: O) => Promise<number>) => unknown;
  readonly onSubject?: (accountId: string) => void;
}

export function registerPerson<O extends PersonOptions>(
  command: Command,
  deps: PersonDeps<O>,
): Command {
  const { words, output } = deps;
  return command
    .argument('<accountId>', words.text('cli.person.help.argument'))
    .description(words.text('cli.person.help.description'))
    .option('--json', words.text('cli.person.help.json'))
    .option('--csv', words.text('cli.person.help.csv'))
    .action(
      deps.action(async (raw: string, options: O) => {
        const m = messagesFor();
        const accountId = parseAccountId(raw);
        deps.onSubject?.(accountId);
        const { subject, reach } = await answerPersonReach(deps.open(options), accountId);
        if (options.json === true) {
          output.out(`${JSON.stringify(personJson(subject, reach), null, 2)}\n`);
        } else if (options.csv === true) {
          output.out(personCsv(m, reach));
        } else {
          output.lines(personText(m, subject, reach));
        }
        return EXIT.ok;
      }) as (...args: unknown[]) => void,
    );
}
