/**
 * Runs the `access-lens` command against a simulator started in-process: either spawned for real
 * (tsx, a separate process: argument parsing, streams and exit codes end to end) or in-process
 * through `run()` for the bulk of the comparisons.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/run';

export const root = join(__dirname, '..', '..');

export interface DemoUser {
  accountId: string;
  displayName: string;
  email?: string;
  apiToken?: string;
  active?: boolean;
}

export interface DemoSite {
  users: DemoUser[];
  content: { id: string; type: string; title: string }[];
}

export const demoSite = (): DemoSite =>
  JSON.parse(readFileSync(join(root, 'dev', 'fixtures', 'demo-site.json'), 'utf8')) as DemoSite;

/** The same site on role-based space access (a ROLES site; dev/fixtures/README.md). */
export const demoSiteRoles = (): DemoSite =>
  JSON.parse(
    readFileSync(join(root, 'dev', 'fixtures', 'demo-site-roles.json'), 'utf8'),
  ) as DemoSite;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment a spawned CLI sees: none of the caller's Atlassian settings leak in. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(ATLASSIAN_|ACCESS_LENS_)/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

const TSX = join(root, 'node_modules', '.bin', 'tsx');
const MAIN = join(root, 'src', 'cli', 'main.ts');

/** Spawns the real command (asynchronously: the simulator answers from this process). */
export function spawnCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN, ...args], { cwd: root, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * The same program in-process. `files`: what it may read by path (anything else is missing);
 * `now`: its clock (epoch ms).
 */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { stderrIsTTY?: boolean; files?: Record<string, string>; now?: number } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const { files, now } = options;
  const code = await run(args, {
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
    env,
    stderrIsTTY: options.stderrIsTTY ?? false,
    ...(files === undefined
      ? {}
      : {
          readFile: (path: string) => {
            const text = files[path];
            if (text === undefined) throw new Error(`ENOENT ${path}`);
            return text;
          },
        }),
    ...(now === undefined ? {} : { now: () => now }),
  });
  return { code, stdout, stderr };
}

export function tokenEnv(user: DemoUser): Record<string, string> {
  if (user.email === undefined || user.apiToken === undefined) {
    throw new Error(`${user.accountId} has no API token in the fixture`);
  }
  return { ATLASSIAN_EMAIL: user.email, ATLASSIAN_API_TOKEN: user.apiToken };
}
