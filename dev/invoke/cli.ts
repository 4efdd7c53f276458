/**
 * `npm run invoke -- --site <url> --account <accountId|anonymous> --module <moduleKey>
 *   [--content <id>] [--content-type page|blogpost] [--drain] [--kvs <file>] <functionKey> ['<json payload>']`
 *
 * Runs one resolver function through the real Forge handler, with the real `@forge/api`
 * talking to a Confluence site (normally the simulator) through the local platform hook,
 * and prints its JSON result. For debugging, scripting and the local preview.
 *
 * `--drain` then delivers whatever the call queued (e.g. `startAudit`'s batches) to the
 * manifest's consumers, jumping a virtual clock over delays, and reports the deliveries.
 * `--kvs <file>` keeps the app's storage in a JSON file between runs, so a later
 * `getAuditReport` sees the audit an earlier `startAudit --drain` ran.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { KvsStore } from '../forge-platform/kvs-store';
import { registerManifestConsumers } from '../forge-platform/manifest-consumers';
import { installLocalPlatform } from '../forge-platform/platform';
import type { Invoker } from '../forge-platform/platform';
import { LocalQueues } from '../forge-platform/queue';

const appRoot = join(__dirname, '..', '..');

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidArgumentError('the payload must be JSON, e.g. \'{"accountId":"u-1"}\'');
  }
}

async function main(): Promise<void> {
  const program = new Command('invoke')
    .description('Run an Access Lens resolver function against a Confluence site.')
    .requiredOption('--site <url>', 'Confluence base URL, e.g. the simulator http://127.0.0.1:4010')
    .requiredOption('--account <id>', "the invoking user's account id, or 'anonymous'")
    .option('--module <moduleKey>', 'module the call claims to come from', 'access-lens-macro')
    .option('--content <id>', 'content id the macro context claims')
    .addOption(
      new Option('--content-type <type>', 'what the claimed content is')
        .choices(['page', 'blogpost'])
        .default('page'),
    )
    .option('--space <key>', 'space key the macro context claims')
    .option('--drain', 'deliver queued events (audit batches) to the consumers afterwards')
    .option('--kvs <file>', 'keep app storage in this JSON file between runs')
    .argument('<functionKey>', 'resolver function key, e.g. getPageSummary')
    .argument('[payload]', 'JSON payload', parsePayload, {})
    .showHelpAfterError();
  program.parse();
  const options = program.opts<{
    site: string;
    account: string;
    module: string;
    content?: string;
    contentType: 'page' | 'blogpost';
    space?: string;
    drain?: boolean;
    kvs?: string;
  }>();
  const [functionKey, payload] = program.processedArgs as [string, unknown];

  const queues = new LocalQueues();
  const platform = installLocalPlatform({
    confluenceBaseUrl: options.site,
    queues,
    ...(options.kvs === undefined
      ? {}
      : { kvs: new KvsStore({ file: options.kvs, now: () => queues.now() }) }),
  });
  const { handler } = await import('../../src/index');
  if (options.drain === true) {
    const { installPlatformClock, systemClock } = await import('../../src/jobs/clock');
    // Delays (pacing, Retry-After) pass on the queues' virtual clock, not for real.
    installPlatformClock({ now: () => queues.now(), sleep: systemClock.sleep });
    registerManifestConsumers(
      queues,
      readFileSync(join(appRoot, 'manifest.yml'), 'utf8'),
      // The manifest names the consumer's module at run time; `require` loads it synchronously.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (file) => require(join(appRoot, 'src', file)) as Record<string, unknown>,
    );
  }
  const as: Invoker =
    options.account === 'anonymous' ? { anonymous: true } : { accountId: options.account };
  const result = await platform.runAs(as, () =>
    handler(
      {
        call: { functionKey, payload },
        context: {
          moduleKey: options.module,
          extension: {
            ...(options.content
              ? { content: { id: options.content, type: options.contentType } }
              : {}),
            ...(options.space ? { space: { key: options.space } } : {}),
          },
        },
      },
      'accountId' in as ? { principal: { accountId: as.accountId } } : {},
    ),
  );
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (options.drain === true) {
    const drained = await queues.drain({ advanceTime: true });
    process.stderr.write(`drained: ${JSON.stringify(drained)}\n`);
  }
  const requests = platform.requests.map(
    (r) => `${r.identity} ${r.method} ${r.path} → ${r.status}`,
  );
  process.stderr.write(`${requests.length} Confluence request(s):\n  ${requests.join('\n  ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `invoke failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
