/**
 * Copies the official Confluence OpenAPI documents into the project with documentation-only
 * fields removed, so that a clone without `../shared/` still has everything the tests, the
 * response validator and the offline Forge linter need.
 *
 * Usage: npm run openapi:sync [-- --source <dir>] [--out <dir>]
 *   (or OPENAPI_SOURCE_DIR=<dir>). Default source: ../shared/confluence-openapi
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface SpecSource {
  file: string;
  out: string;
  url: string;
  api: string;
}

const SOURCES: readonly SpecSource[] = [
  {
    file: 'confluence-v1.swagger.v3.json',
    out: 'confluence-v1.json',
    url: 'https://dac-static.atlassian.com/cloud/confluence/swagger.v3.json',
    api: 'REST v1 (`/wiki/rest/api/…`)',
  },
  {
    file: 'confluence-v2.openapi.v3.json',
    out: 'confluence-v2.json',
    url: 'https://dac-static.atlassian.com/cloud/confluence/openapi-v2.v3.json',
    api: 'REST v2 (`/wiki/api/v2/…`, server `/wiki/api/v2`)',
  },
];

/** Keys that carry prose or samples only; nothing in the project (or @forge/lint) reads them. */
export const STRIPPED_KEYS: readonly string[] = [
  'description',
  'summary',
  'example',
  'examples',
  'externalDocs',
  'x-atlassian-narrative',
  'x-code-samples',
  'x-codeSamples',
];

/**
 * Objects whose keys are names chosen by the API (property names, paths, status codes, media
 * types…). A schema property that happens to be called `description` or `example` must survive.
 */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'paths',
  'schemas',
  'parameters',
  'requestBodies',
  'responses',
  'headers',
  'securitySchemes',
  'content',
  'encoding',
  'variables',
  'links',
  'callbacks',
  'definitions',
]);

/** Values copied verbatim: data (not schema) or the scope metadata the linter depends on. */
const VERBATIM = new Set([
  'enum',
  'default',
  'const',
  'required',
  'security',
  'x-atlassian-oauth2-scopes',
  'scopes',
  'mapping',
]);

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface StripStats {
  removed: Record<string, number>;
}

function strip(value: Json, isNameMap: boolean, stats: StripStats): Json {
  if (Array.isArray(value)) return value.map((item) => strip(item, false, stats));
  if (!isObject(value)) return value;
  // Key order is kept as in the source: @forge/lint matches paths with unanchored regexes in
  // insertion order, so reordering `paths` could change which operation a call resolves to.
  const out: { [key: string]: Json } = {};
  for (const [key, child] of Object.entries(value)) {
    if (isNameMap) {
      out[key] = strip(child, false, stats);
      continue;
    }
    if (STRIPPED_KEYS.includes(key)) {
      stats.removed[key] = (stats.removed[key] ?? 0) + 1;
      continue;
    }
    if (key === 'tags' && Array.isArray(child) && child.some(isObject)) {
      // Root-level tag list: only names and prose for the documentation site.
      stats.removed['tags (root)'] = (stats.removed['tags (root)'] ?? 0) + 1;
      continue;
    }
    if (VERBATIM.has(key)) {
      out[key] = child;
      continue;
    }
    out[key] = strip(child, NAME_MAPS.has(key) && isObject(child), stats);
  }
  return out;
}

export function stripSpec(doc: Json): { doc: Json; stats: StripStats } {
  const stats: StripStats = { removed: {} };
  return { doc: strip(doc, false, stats), stats };
}

function parseArgs(argv: readonly string[]): { source: string; out: string } {
  let source =
    process.env['OPENAPI_SOURCE_DIR'] ?? resolve(__dirname, '../../../shared/confluence-openapi');
  let out = __dirname;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if ((arg === '--source' || arg === '--out') && next === undefined) {
      throw new Error(`${arg} needs a directory`);
    }
    if (arg === '--source') source = resolve(next!);
    else if (arg === '--out') out = resolve(next!);
    else continue;
    i++;
  }
  return { source, out };
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

function countOperations(doc: Json): number {
  if (!isObject(doc) || !isObject(doc['paths'])) return 0;
  let n = 0;
  for (const item of Object.values(doc['paths'])) {
    if (!isObject(item)) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
      if (item[method] !== undefined) n++;
    }
  }
  return n;
}

async function main(): Promise<void> {
  const { source, out } = parseArgs(process.argv.slice(2));
  mkdirSync(out, { recursive: true });
  const rows: string[] = [];
  const removedTotals: Record<string, number> = {};
  for (const spec of SOURCES) {
    const raw = readFileSync(join(source, spec.file));
    const original = JSON.parse(raw.toString('utf8')) as Json;
    const { doc, stats } = stripSpec(original);
    const text = JSON.stringify(doc, null, 2) + '\n';
    writeFileSync(join(out, spec.out), text);
    for (const [k, v] of Object.entries(stats.removed))
      removedTotals[k] = (removedTotals[k] ?? 0) + v;
    const info = isObject(original) && isObject(original['info']) ? original['info'] : {};
    const openapi = isObject(original) ? JSON.stringify(original['openapi']) : '?';
    const version = JSON.stringify(info['version']);
    rows.push(
      `| \`${spec.out}\` | ${spec.api} | ${spec.url} | \`${spec.file}\` | ${openapi} / ${version} | ${String(countOperations(doc))} | ${String(raw.length)} → ${String(Buffer.byteLength(text))} | \`${sha256(raw)}\` |`,
    );
    process.stderr.write(
      `${spec.out}: ${String(raw.length)} → ${String(Buffer.byteLength(text))} bytes\n`,
    );
  }
  writeFileSync(join(out, 'empty.json'), '{ "paths": {} }\n');
  const removed = Object.entries(removedTotals)
    .map(([k, v]) => `\`${k}\` (${String(v)})`)
    .join(', ');
  const readmePath = join(out, 'README.md');
  // Formatted like the rest of the repo so `prettier --check` passes right after a sync.
  const options = (await resolveConfig(readmePath)) ?? {};
  writeFileSync(
    readmePath,
    await format(readme(rows, removed), { ...options, filepath: readmePath }),
  );
}

function readme(rows: readonly string[], removed: string): string {
  return `# Confluence Cloud OpenAPI documents (stripped copies)

Generated by \`npm run openapi:sync\` (\`dev/openapi/sync.ts\`) — do not edit the JSON by hand.
The project uses these copies, never \`../shared/\`, so it works from its own clone: the response
validator (\`test/support/openapi-validator.ts\`), the simulator contract tests and the offline Forge
linter (\`LOCAL_CONF_SWAGGER\` / \`LOCAL_CONF_V2_SWAGGER\`) all read \`dev/openapi/\`.

Source: the official documents Atlassian publishes, August 2026 copies (unmodified originals in
\`../shared/confluence-openapi/\` when available; the sha256 below is of those originals).

| copy | API | published at | original file | openapi / info.version | operations | bytes (original → copy) | sha256 of original |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

## What was stripped

Documentation-only keys, wherever they are OpenAPI keywords (not when they are the name of a
schema property, path, status code or media type): ${removed}. \`tags (root)\` is the root tag
list (tag prose); operation \`tags\` are kept.

Everything else is kept unchanged and in the original key order, notably: \`paths\` and every
operation, \`parameters\`, \`requestBodies\`, \`responses\`, all of \`components.schemas\`
(including \`title\`, \`enum\`, \`nullable\`, \`format\`, \`required\`, \`default\`), \`security\`,
\`x-atlassian-oauth2-scopes\` (the Forge linter reads these two for required scopes),
\`x-atlassian-connect-scope\`, \`x-atlassian-data-security-policy\`, \`x-experimental\`,
\`deprecated\`, and \`components.securitySchemes\` including the OAuth scope list.

Order matters: \`@forge/lint\` matches a call against path templates with unanchored regexes in
the documents' order, so the copies keep the source order.

\`empty.json\` (\`{"paths": {}}\`) stands in for the Jira, JSM, JSW and Bitbucket documents that the
offline linter insists on (\`LOCAL_JIRA_SWAGGER\`, \`LOCAL_JSM_SWAGGER\`, \`LOCAL_JSW_SWAGGER\`,
\`LOCAL_BB_SWAGGER\`).

## Refreshing

\`\`\`
npm run openapi:sync                                  # from ../shared/confluence-openapi
npm run openapi:sync -- --source <dir-with-originals> # or OPENAPI_SOURCE_DIR=<dir>
\`\`\`
The original file names are \`confluence-v1.swagger.v3.json\` and \`confluence-v2.openapi.v3.json\`
(download them from the URLs above). The output is deterministic: same input, same bytes.
`;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `openapi:sync failed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
