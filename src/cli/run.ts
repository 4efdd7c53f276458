/**
 * `access-lens`: the engine over the REST API, for scripts and CI. `run` is the whole program
 * with its world passed in (argv, output streams, environment), so tests can run it in-process;
 * `main.ts` binds it to the real process.
 *
 * Exit codes: 0 ok; 2 audit findings at or above `--fail-on`; 1 usage, auth, network or API
 * errors, each with one line on stderr that says what to do.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  FAIL_ON_LEVELS,
  exceedsFailOn,
  partitionFindings,
  summarizeFindings,
  validatePolicy,
} from '../core';
import type { FailOn, Finding, FindingException, Policy } from '../core';
import { ConfluenceClient, accountName, isConfluenceAdmin } from '../confluence/client';
import { fetchTransport } from '../confluence/fetch-transport';
import { loadPageAccess } from '../access/load-page-access';
import { clientAudienceSource } from '../access/audience-source';
import {
  checkSubject,
  describeWithNamedPeople,
  effectiveAudiences,
  groupsIn,
} from '../app/page-access';
import { checkGroupMembers } from '../app/group-check';
import type { SubjectRequest } from '../access/load-subject';
import { createSpaceAuditReads, loadAuditSpaces } from '../access/load-space-audit';
import { auditSpaceList } from '../app/audit-space';
import { coverageLines, findingJson, policyErrorText } from '../messages/audit';
import { auditCsv } from '../jobs/findings-csv';
import { auditCoverage } from '../core';
import type { Messages } from '../messages/format';
import { findingLink } from '../messages/links';
import { joinComma } from '../messages/lists';
import { messagesFor } from '../messages/locale-file';
import { ENV, refuseSecretArguments, resolveConnection, shown } from './connection';
import type { Connection, ConnectionOptions, Env, FileReader } from './connection';
import { CliError, EXIT, describeFailure } from './errors';
import { exceptionsJson, parseExceptionsFile } from './exceptions';
import type { FailureContext } from './errors';
import { checkJson, checkText, pageJson, pageText, whoamiText } from './format';
import { auditText } from './format-audit';
import { parseAccountId, parseGroupId, parsePageRef, parseSpaceKeys } from './ids';
import { Output, refuseExistingOutput, writeFileDefault, writeOutputFile } from './output';
import { registerPerson } from './person';
import type { FileWriter, Sink } from './output';
import { pacedTransport } from './paced-transport';
import { argvSecrets } from './redact';
import { cliMessages } from './words';

export interface CliIo {
  readonly stdout: Sink;
  readonly stderr: Sink;
  readonly env: Env;
  /** The progress bar is drawn only on a terminal. */
  readonly stderrIsTTY?: boolean;
  readonly readFile?: FileReader;
  /** The time exceptions expire against (the wall clock unless a test gives another). */
  readonly now?: () => number;
  /** Where `audit --output` writes (`writeFileSync` unless a test gives another). */
  readonly writeFile?: FileWriter;
}

interface CommonOptions extends ConnectionOptions {
  readonly maxRequestsPerSecond: number;
  readonly concurrency: number;
  readonly verbose?: boolean;
  readonly json?: boolean;
}

interface CheckOptions extends CommonOptions {
  readonly user?: string;
  readonly anonymous?: boolean;
  readonly group?: string;
}

interface AuditOptions extends CommonOptions {
  readonly space: string[];
  readonly policy?: string;
  readonly csv?: boolean;
  readonly failOn?: FailOn;
  readonly exceptions?: string;
  readonly output?: string;
  readonly force?: boolean;
}

interface Session {
  readonly client: ConfluenceClient;
  readonly connection: Connection;
}

const DEFAULT_RATE = 10;
const DEFAULT_CONCURRENCY = 4;
/** Per-command deadlines for the client: generous, so Retry-After waits are honoured. */
const DEADLINE_MS = { short: 10 * 60_000, audit: 12 * 3_600_000 } as const;
const REQUEST_TIMEOUT_MS = 60_000;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const output = new Output(io.stdout, io.stderr, io.stderrIsTTY === true);
  const words = cliMessages();
  const envToken = io.env[ENV.token];
  if (envToken !== undefined) output.protect(envToken.trim());
  // Before anything can echo them (commander quotes unknown options and commands as typed).
  output.protect(...argvSecrets(argv));
  const readFile: FileReader = (path) => {
    const text = (io.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
    return text;
  };
  const failure: { -readonly [K in keyof FailureContext]: FailureContext[K] } = {
    scheme: 'basic',
    siteLabel: words.text('cli.tool.site.unknown'),
    waitedSeconds: 0,
  };
  let waitedMs = 0;
  let exitCode: number = EXIT.ok;

  function openSession(options: CommonOptions, deadlineMs: number): Session {
    const connection = resolveConnection(options, io.env, (path) => {
      const text = readFile(path);
      output.protect(text.trim());
      return text;
    });
    output.protect(...connection.secrets);
    failure.scheme = connection.scheme;
    failure.siteLabel = connection.siteLabel;
    const transport = pacedTransport(
      fetchTransport({
        baseUrl: connection.baseUrl,
        authHeader: connection.authHeader,
        timeoutMs: REQUEST_TIMEOUT_MS,
      }),
      { concurrency: options.concurrency, maxRequestsPerSecond: options.maxRequestsPerSecond },
    );
    const client = new ConfluenceClient(transport, {
      deadlineMs,
      sleep: async (ms) => {
        waitedMs += ms;
        failure.waitedSeconds = waitedMs / 1000;
        if (options.verbose === true)
          output.err(
            `${words.text('cli.tool.verbose.waiting', { seconds: (ms / 1000).toFixed(1) })}\n`,
          );
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
      ...(options.verbose === true
        ? {
            onResponse: (event) => {
              const line = words.text('cli.tool.verbose.response', {
                endpoint: event.endpoint,
                status: String(event.status),
                attempt: String(event.attempt),
                points: String(event.points),
              });
              output.err(`${line}\n`);
            },
          }
        : {}),
    });
    return { client, connection };
  }

  const program = new Command('access-lens')
    .description(words.text('cli.tool.description'))
    .exitOverride()
    .showHelpAfterError(words.text('cli.tool.help.afterError'))
    .configureOutput({
      writeOut: (text) => {
        output.out(text);
      },
      writeErr: (text) => {
        output.err(text);
      },
    })
    .addHelpText(
      'after',
      words.text('cli.tool.help.credentials', {
        tokenEnv: ENV.token,
        siteEnv: ENV.site,
        emailEnv: ENV.email,
      }),
    );

  const action =
    <A extends unknown[]>(body: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      exitCode = await body(...args);
    };

  withConnection(program.command('whoami'))
    .description(words.text('cli.tool.whoami.description'))
    .option('--json', words.text('cli.tool.option.json'))
    .addHelpText(
      'after',
      examples('access-lens whoami --site https://your-site.atlassian.net --email you@example.com'),
    )
    .action(
      action(async (options: CommonOptions) => {
        const { client, connection } = openSession(options, DEADLINE_MS.short);
        const user = await client.getCurrentUser({ withOperations: true });
        if (user.accountId === undefined) {
          throw new CliError(words.text('cli.tool.whoami.anonymous'));
        }
        const me = {
          accountId: user.accountId,
          displayName: accountName(user) ?? null,
          isConfluenceAdmin: isConfluenceAdmin(user),
          isGuest: user.isGuest ?? null,
          site: connection.siteLabel,
        };
        if (options.json === true) output.out(`${JSON.stringify(me, null, 2)}\n`);
        else output.lines(whoamiText(messagesFor(), me));
        return EXIT.ok;
      }),
    );

  withConnection(program.command('page'))
    .argument('<page>', words.text('cli.tool.page.argument'))
    .description(words.text('cli.tool.page.description'))
    .option('--json', words.text('cli.tool.option.json'))
    .addHelpText(
      'after',
      examples(
        'access-lens page 1013',
        'access-lens page https://your-site.atlassian.net/wiki/spaces/ENG/pages/1013/Breach+Playbook --json',
      ),
    )
    .action(
      action(async (ref: string, options: CommonOptions) => {
        // English: scripts read this output, and README documents it.
        const m = messagesFor();
        const session = openSession(options, DEADLINE_MS.short);
        const pageId = parsePageRef(ref, session.connection.baseUrl);
        const loaded = await loadPage(session, pageId);
        // The macro's headline and list, read as the token's owner (src/app/page-access.ts).
        const { namedPeople, ...effective } = await effectiveAudiences(
          clientAudienceSource(session.client),
          loaded,
        );
        const { page, audience, labels, readAt } = describeWithNamedPeople(loaded, namedPeople);
        if (options.json === true) {
          const view = {
            page: {
              id: page.id,
              title: page.title,
              spaceKey: page.space.key,
              spaceName: page.space.name,
            },
            audience,
            effective,
            labels,
            asOf: new Date(readAt).toISOString(),
          };
          output.out(`${JSON.stringify(pageJson(m, view), null, 2)}\n`);
        } else {
          const shown = { id: page.id, title: page.title, space: page.space };
          output.lines(pageText(m, { page: shown, audience, effective, labels }));
        }
        return EXIT.ok;
      }),
    );

  registerPerson(
    withConnection(program.command('person')).addHelpText(
      'after',
      examples('access-lens person u-dan', 'access-lens person u-dan --json'),
    ),
    {
      words,
      output,
      // The whole site is read: the audit's deadline, not a single page's.
      open: (options: CommonOptions) => openSession(options, DEADLINE_MS.audit).client,
      action,
      onSubject: (accountId) => {
        failure.subject = accountId;
      },
    },
  );

  withConnection(program.command('check'))
    .argument('<page>', words.text('cli.tool.check.argument'))
    .description(words.text('cli.tool.check.description'))
    .option('--user <accountId>', words.text('cli.tool.check.user'))
    .option('--anonymous', words.text('cli.tool.check.anonymous'))
    .option('--group <groupId>', words.text('cli.tool.check.group'))
    .option(
      '--json',
      words.text('cli.tool.option.jsonShape', {
        shape: '{page, subject, view: {allowed, reasons}, edit: {allowed, reasons}}',
      }),
    )
    .addHelpText(
      'after',
      examples(
        'access-lens check 1013 --user u-ivan',
        'access-lens check 3005 --anonymous --json',
        'access-lens check 2011 --group g-hr',
      ),
    )
    .action(
      action(async (ref: string, options: CheckOptions) => {
        const m = messagesFor();
        const request = subjectRequest(options);
        const session = openSession(options, DEADLINE_MS.short);
        const pageId = parsePageRef(ref, session.connection.baseUrl);
        const loaded = await loadPage(session, pageId);
        if ('accountId' in request) failure.subject = request.accountId;
        const [{ subject, decision }, members] = await Promise.all([
          checkSubject(session.client, loaded, request),
          'groupId' in request && groupsIn(loaded.input).has(request.groupId)
            ? checkGroupMembers(session.client, loaded.input, request.groupId)
            : Promise.resolve(undefined),
        ]);
        const page = {
          id: loaded.page.id,
          title: loaded.page.title,
          spaceKey: loaded.page.space.key,
        };
        const context = { subject, space: loaded.page.space, contentType: loaded.page.type };
        if (options.json === true) {
          const result = checkJson(m, {
            page,
            subject: subjectIds(request),
            context,
            decision,
            ...(members ? { members } : {}),
          });
          output.out(`${JSON.stringify(result, null, 2)}\n`);
        } else {
          output.lines(checkText(m, { page, context, decision, ...(members ? { members } : {}) }));
        }
        return EXIT.ok;
      }),
    );

  withConnection(program.command('audit'))
    .description(words.text('cli.tool.audit.description'))
    .addOption(
      new Option('--space <KEY>', words.text('cli.tool.audit.space'))
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([]),
    )
    .option('--policy <file>', words.text('cli.tool.audit.policy'))
    .addOption(
      new Option(
        '--json',
        words.text('cli.tool.option.jsonShape', { shape: '{findings, summary}' }),
      ).conflicts('csv'),
    )
    .addOption(new Option('--csv', words.text('cli.tool.audit.csv')).conflicts('json'))
    .option('--exceptions <file>', words.text('cli.tool.audit.exceptions'))
    .option('--output <file>', words.text('cli.tool.audit.output'))
    .option('--force', words.text('cli.tool.audit.force'))
    .addOption(
      new Option('--fail-on <severity>', words.text('cli.tool.audit.failOn')).choices(
        FAIL_ON_LEVELS,
      ),
    )
    .addHelpText(
      'after',
      examples(
        'access-lens audit',
        'access-lens audit --space ENG --space HR --policy policy.json --json --fail-on high',
        'access-lens audit --csv --output findings.csv',
        'access-lens audit --json --fail-on medium --exceptions exceptions.json',
      ),
    )
    .action(
      action(async (options: AuditOptions) => {
        // English: scripts read this output, and README documents it.
        const m = messagesFor();
        if (options.force === true && options.output === undefined) {
          // --force only ever overwrites a file --output names: alone it would do nothing.
          throw new CliError(m.text('cli.audit.output.forceAlone'));
        }
        const keys = parseSpaceKeys(options.space);
        const policy =
          options.policy === undefined ? validated(m, {}) : readPolicy(m, options.policy);
        if (options.output !== undefined) {
          refuseExistingOutput(options.output, options.force === true);
        }
        const session = openSession(options, DEADLINE_MS.audit);
        const exceptions =
          options.exceptions === undefined ? [] : readExceptions(m, options.exceptions);
        const findings = await audit(m, session, keys, policy, options.concurrency);
        const summary = summarizeFindings(findings.findings);
        // Every listed space is read in a CLI run; what it could not read is in the findings.
        const coverage = auditCoverage({
          reader: 'user',
          spacesListed: findings.spaces,
          spacesDone: findings.spaces,
          unread: summary.unread ?? { spaces: [], content: [] },
        });
        const now = (io.now ?? Date.now)();
        // Links are absolute when the site is known: an OAuth connection names only a cloud id.
        const site = session.connection.scheme === 'oauth' ? undefined : session.connection.baseUrl;
        const { excepted } = partitionFindings(findings.findings, exceptions, now);
        const exceptionOf = new Map(excepted.map((e) => [e.finding.id, e.exception]));
        const open = findings.findings.filter((finding) => !exceptionOf.has(finding.id));
        let report: string;
        if (options.json === true) {
          const printed = findings.findings.map((finding) => {
            const exception = exceptionOf.get(finding.id);
            return {
              ...findingJson(m, finding),
              link: findingLink(site, finding),
              ...(exception === undefined
                ? {}
                : {
                    exception: {
                      reason: exception.reason,
                      ownerAccountId: exception.ownerAccountId,
                      expiresOn: exception.expiresOn,
                    },
                  }),
            };
          });
          const listed = exceptionsJson(exceptions, findings.findings, now);
          report = `${JSON.stringify({ findings: printed, exceptions: listed, summary, coverage }, null, 2)}\n`;
        } else if (options.csv === true) {
          // The admin page's export, byte for byte (docs/ARCHITECTURE.md, "Exports").
          report = auditCsv(findings.findings, {
            ...(site === undefined ? {} : { siteUrl: site }),
            ...(options.exceptions === undefined ? {} : { exceptions: exceptionOf }),
          });
        } else {
          const lines = [
            ...auditText(m, findings.findings, summary, findings.spaces),
            '',
            ...coverageLines(m, coverage),
          ];
          report = lines.map((line) => `${line}\n`).join('');
        }
        if (options.output === undefined) output.out(report);
        else {
          const write = io.writeFile ?? writeFileDefault;
          writeOutputFile(output, write, options.output, report, options.force === true);
        }
        // Only findings no exception covers can fail a run (policy-allowed ones are not found).
        return options.failOn !== undefined && exceedsFailOn(open, options.failOn)
          ? EXIT.findings
          : EXIT.ok;
      }),
    );

  async function loadPage(session: Session, pageId: string) {
    failure.pageId = pageId;
    return loadPageAccess(session.client, pageId);
  }

  function readPolicy(m: Messages, path: string): Policy {
    let text: string;
    try {
      text = readFile(path);
    } catch {
      throw new CliError(m.text('cli.audit.policy.unreadable', { path: shown(path) }));
    }
    let json: unknown;
    try {
      // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse refuses.
      json = JSON.parse(text.replace(/^\uFEFF/u, ''));
    } catch {
      throw new CliError(m.text('cli.audit.policy.notJson', { path: shown(path) }));
    }
    return validated(m, json, path);
  }

  function readExceptions(m: Messages, path: string): FindingException[] {
    let text: string;
    try {
      text = readFile(path);
    } catch {
      throw new CliError(m.text('cli.audit.exceptions.unreadable', { path: shown(path) }));
    }
    return parseExceptionsFile(m, text, shown(path));
  }

  async function audit(
    m: Messages,
    session: Session,
    keys: readonly string[],
    policy: Policy,
    concurrency: number,
  ): Promise<{ findings: Finding[]; spaces: number }> {
    const { spaces, missing } = await loadAuditSpaces(session.client, keys);
    if (missing.length > 0) {
      throw new CliError(
        m.count('cli.audit.spaceMissing', missing.length, { keys: joinComma(m, missing) }),
      );
    }
    // The admin job's loader and reads (load-space-audit.ts), with spaces side by side: the
    // paced transport bounds what is in flight.
    const reads = createSpaceAuditReads(session.client, { concurrency });
    output.progress(0, spaces.length, words.text('cli.tool.progress.spaces'));
    const found = await auditSpaceList(reads, spaces, policy, {
      spaceConcurrency: concurrency,
      onSpace: (space, done, total) => {
        output.progress(done, total, space.key);
      },
      onTruncated: (covered) => {
        const keys = covered.map((space) => space.key);
        const named =
          keys.length > 5
            ? m.text('cli.audit.andMore', {
                spaces: joinComma(m, keys.slice(0, 5)),
                more: String(keys.length - 5),
              })
            : joinComma(m, keys);
        output.warn(m.text('cli.audit.truncated', { spaces: named }));
      },
    });
    output.clearProgress();
    return { findings: found, spaces: spaces.length };
  }

  try {
    refuseSecretArguments(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message or the help already; help asked for is a success.
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    output.error(describeFailure(error, failure));
    return error instanceof CliError ? error.exitCode : EXIT.error;
  }
}

function withConnection(command: Command): Command {
  const m = cliMessages();
  return command
    .option('--site <url>', m.text('cli.tool.option.site', { env: ENV.site }))
    .option('--email <email>', m.text('cli.tool.option.email', { env: ENV.email }))
    .option('--token-file <file>', m.text('cli.tool.option.tokenFile', { env: ENV.token }))
    .option('--bearer-token-file <file>', m.text('cli.tool.option.bearerTokenFile'))
    .option('--cloud-id <id>', m.text('cli.tool.option.cloudId'))
    .addOption(
      new Option('--max-requests-per-second <n>', m.text('cli.tool.option.maxRequestsPerSecond'))
        .default(DEFAULT_RATE)
        .argParser(nonNegativeNumber),
    )
    .addOption(
      new Option('--concurrency <n>', m.text('cli.tool.option.concurrency'))
        .default(DEFAULT_CONCURRENCY)
        .argParser(positiveInteger),
    )
    .option('--verbose', m.text('cli.tool.option.verbose'));
}

/** "Example:" or "Examples:", then the command lines, as help text after the options. */
function examples(...commands: readonly string[]): string {
  const heading = cliMessages().count('cli.tool.help.examples', commands.length);
  return `\n${heading}\n${commands.map((command) => `  ${command}`).join('\n')}`;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError(cliMessages().text('cli.tool.option.nonNegativeNumber'));
  }
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 64) {
    throw new InvalidArgumentError(cliMessages().text('cli.tool.option.positiveInteger'));
  }
  return n;
}

function subjectRequest(options: CheckOptions): SubjectRequest {
  const given = [options.user, options.anonymous, options.group].filter(
    (value) => value !== undefined && value !== false,
  );
  if (given.length !== 1) {
    throw new CliError(cliMessages().text('cli.tool.check.subjectCount'));
  }
  if (options.user !== undefined) return { accountId: parseAccountId(options.user) };
  if (options.group !== undefined) return { groupId: parseGroupId(options.group) };
  return { anonymous: true };
}

function subjectIds(
  request: SubjectRequest,
):
  { kind: 'user'; accountId: string } | { kind: 'anonymous' } | { kind: 'group'; groupId: string } {
  if ('accountId' in request) return { kind: 'user', accountId: request.accountId };
  if ('groupId' in request) return { kind: 'group', groupId: request.groupId };
  return { kind: 'anonymous' };
}

function validated(m: Messages, input: unknown, path?: string): Policy {
  const result = validatePolicy(input);
  if (result.ok) return result.policy;
  const where =
    path === undefined
      ? m.text('cli.audit.policy.default')
      : m.text('cli.audit.policy.file', { path: shown(path) });
  const errors = result.errors.map((error) =>
    m.text('cli.audit.policy.error', { field: error.field, message: policyErrorText(m, error) }),
  );
  // One line: the errors follow each other as sentences.
  throw new CliError(m.text('cli.audit.policy.invalid', { where, errors: errors.join(' ') }));
}
