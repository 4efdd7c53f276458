/**
 * `npm run invoke -- --site <url> --account <accountId|anonymous> --module <moduleKey>
 *   [--content <id>] <functionKey> ['<json payload>']`
 *
 * Runs one resolver function through the real Forge handler, with the real `@forge/api`
 * talking to a Confluence site (normally the simulator) through the local platform hook,
 * and prints its JSON result. For debugging, scripting and the local preview.
 */
import { Command, InvalidArgumentError } from 'commander';
import { installLocalPlatform } from '../forge-platform/platform';
import type { Invoker } from '../forge-platform/platform';

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
    .option('--space <key>', 'space key the macro context claims')
    .argument('<functionKey>', 'resolver function key, e.g. getPageSummary')
    .argument('[payload]', 'JSON payload', parsePayload, {})
    .showHelpAfterError();
  program.parse();
  const options = program.opts<{
    site: string;
    account: string;
    module: string;
    content?: string;
    space?: string;
  }>();
  const [functionKey, payload] = program.processedArgs as [string, unknown];

  const platform = installLocalPlatform({ confluenceBaseUrl: options.site });
  const { handler } = await import('../../src/index');
  const as: Invoker =
    options.account === 'anonymous' ? { anonymous: true } : { accountId: options.account };
  const result = await platform.runAs(as, () =>
    handler(
      {
        call: { functionKey, payload },
        context: {
          moduleKey: options.module,
          extension: {
            ...(options.content ? { content: { id: options.content, type: 'page' } } : {}),
            ...(options.space ? { space: { key: options.space } } : {}),
          },
        },
      },
      'accountId' in as ? { principal: { accountId: as.accountId } } : {},
    ),
  );
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
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
