/**
 * `access-lens` end to end: the real command, spawned, against the simulated demo site. Each
 * command in text and JSON, exit codes, and the failures a script will meet (bad token, a page
 * it may not see, a 429 storm, a malformed site, no token). No output may ever contain a token.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../dev/simulator/server';
import type { RunningSimulator } from '../../dev/simulator/server';
import { demoSite, root, runCli, spawnCli, tokenEnv } from './helpers';
import type { CliResult, DemoUser } from './helpers';

const site = demoSite();
const user = (accountId: string): DemoUser => {
  const found = site.users.find((u) => u.accountId === accountId);
  if (!found) throw new Error(`no ${accountId} in the demo site`);
  return found;
};
const alice = user('u-alice');
const bob = user('u-bob');
/** The gate read of page 1030 (its query string included). */
const PAGE_1030 = '^/wiki/api/v2/pages/1030([?]|$)';
const SECRETS = site.users.flatMap((u) =>
  u.apiToken === undefined || u.email === undefined
    ? []
    : [u.apiToken, Buffer.from(`${u.email}:${u.apiToken}`).toString('base64')],
);

/** A fake Atlassian API token: the shape of a real one (ATATT…), no real value. */
const PASTED = 'ATATT3xFfGF0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-=AB12CD34';

describe('access-lens (spawned against the simulator)', () => {
  let sim: RunningSimulator;
  let dir: string;
  const outputs: CliResult[] = [];
  const fast = ['--max-requests-per-second', '0', '--concurrency', '8'];

  beforeAll(async () => {
    sim = await startSimulator({ fixture: site as never, burstPerSecond: 1_000_000 });
    dir = mkdtempSync(join(tmpdir(), 'access-lens-cli-'));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sim.setFaults({});
    sim.resetStats();
  });

  async function cli(args: string[], as: DemoUser | null, env: Record<string, string> = {}) {
    const result = await spawnCli(args, {
      ACCESS_LENS_SITE: sim.baseUrl,
      ...(as === null ? {} : tokenEnv(as)),
      ...env,
    });
    outputs.push(result);
    return result;
  }

  it('whoami: text for a Confluence admin, JSON with the token from --token-file', async () => {
    const text = await cli(['whoami'], alice);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toMatch(/Name\s+Alice Admin/);
    expect(text.stdout).toMatch(/Confluence admin\s+yes/);

    const tokenFile = join(dir, 'bob-token');
    writeFileSync(tokenFile, `${bob.apiToken ?? ''}\n`, { mode: 0o600 });
    const json = await cli(
      [
        'whoami',
        '--json',
        '--email',
        bob.email ?? '',
        '--token-file',
        tokenFile,
        '--site',
        sim.baseUrl,
      ],
      null,
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      accountId: 'u-bob',
      displayName: 'Bob Engineer',
      isConfluenceAdmin: false,
      isGuest: false,
      site: sim.baseUrl,
    });
  });

  it('page: a readable table by URL, and JSON with every layer', async () => {
    const url = `${sim.baseUrl}/wiki/spaces/ENG/pages/1013/Breach+Playbook`;
    const text = await cli(['page', url, ...fast], bob);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toContain('Breach Playbook (page 1013) in Engineering (ENG)');
    expect(text.stdout).toMatch(/Who can view: everyone in all of these\n\s+LAYER\s+WHO/);
    expect(text.stdout).toMatch(/this page's edit restriction\s+Priya Security/);

    const json = await cli(['page', '1013', '--json', ...fast], bob);
    expect(json.code).toBe(0);
    const view = JSON.parse(json.stdout) as {
      page: unknown;
      audience: { view: { terms: { rule: string }[] }; anonymous: string };
    };
    expect(view.page).toEqual({
      id: '1013',
      title: 'Breach Playbook',
      spaceKey: 'ENG',
      spaceName: 'Engineering',
    });
    expect(view.audience.view.terms.map((t) => t.rule)).toEqual([
      'space-permission',
      'inherited-restriction',
      'inherited-restriction',
      'inherited-restriction',
    ]);
    expect(view.audience.anonymous).toBe('no');
  });

  it('check: text with a reason per layer, JSON in the documented shape', async () => {
    const text = await cli(['check', '1013', '--user', 'u-ivan', ...fast], bob);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toMatch(/^Can Ivan Analyst view "Breach Playbook" \(page 1013\)\? NO$/m);
    expect(text.stdout).toMatch(/FAIL {2}restriction above +The page "Incident Runbooks"/);

    const json = await cli(
      ['check', `${sim.baseUrl}/wiki/pages/viewpage.action?pageId=3005`, '--anonymous', '--json'],
      bob,
    );
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['page', 'subject', 'view', 'edit']);
    expect(result).toMatchObject({
      page: { id: '3005', title: 'Partner Pricing', spaceKey: 'PUBLIC' },
      subject: { kind: 'anonymous', label: 'an anonymous visitor' },
      view: { allowed: true, reasons: expect.any(Array) },
      edit: { allowed: false, reasons: expect.any(Array) },
    });
  });

  it('audit: JSON findings and summary, exit 2 at --fail-on, CSV, text', async () => {
    const json = await cli(['audit', '--json', '--fail-on', 'high', ...fast], alice);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe(''); // not a terminal: no progress bar
    const report = JSON.parse(json.stdout) as {
      findings: Record<string, unknown>[];
      summary: { total: number; bySeverity: Record<string, number> };
    };
    expect(report.findings).toContainEqual({
      id: 'anonymous-space-access|PUBLIC||anonymous',
      rule: 'anonymous-space-access',
      severity: 'high',
      spaceKey: 'PUBLIC',
      principal: 'anonymous',
      message: expect.stringContaining('lets anonymous visitors view it'),
      link: `${sim.baseUrl}/wiki/spaces/spacepermissions.action?key=PUBLIC`,
    });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'sensitive-page-unrestricted',
        spaceKey: 'PUBLIC',
        contentId: '3005',
        title: 'Partner Pricing',
      }),
    );
    for (const finding of report.findings) {
      expect(
        Object.keys(finding).every((key) =>
          [
            'id',
            'rule',
            'severity',
            'spaceKey',
            'contentId',
            'title',
            'principal',
            'message',
            'link',
          ].includes(key),
        ),
      ).toBe(true);
    }
    expect(report.summary.total).toBe(report.findings.length);
    expect(report.summary.bySeverity.high).toBeGreaterThan(0);

    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ broadGroups: ['all-staff'] }));
    const csv = await cli(
      ['audit', '--space', 'SALES', '--policy', policy, '--csv', ...fast],
      alice,
    );
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'severity,rule,spaceKey,contentId,title,principal,message,id,link,exception,lastRead',
    );
    expect(csv.stdout).toContain('high,broad-group-admin,SALES,,,all-staff,');

    const text = await cli(['audit', '--space', 'HR', '--fail-on', 'low', ...fast], alice);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toMatch(/in 1 space audited: 0 high, 0 medium, 0 low/);
  });

  it('audit draws a progress bar on stderr only when it is a terminal', async () => {
    const args = ['audit', '--json', '--site', sim.baseUrl, ...fast];
    const tty = await runCli(args, tokenEnv(alice), { stderrIsTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\r\[#{30}\] 6\/6 /);
    expect(tty.stderr.endsWith('\r')).toBe(true); // cleared before the report
    const pipe = await runCli(args, tokenEnv(alice), { stderrIsTTY: false });
    expect(pipe.stderr).toBe('');
    expect(pipe.stdout).toBe(tty.stdout);
  });

  it('a wrong token: 401, one line saying to check the email and token', async () => {
    const result = await cli(['whoami'], null, {
      ATLASSIAN_EMAIL: 'bob@example.com',
      ATLASSIAN_API_TOKEN: 'not-the-right-token-1234',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^access-lens: Confluence refused the credentials \(401\): check --email/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toContain('not-the-right-token-1234');
  });

  it('a page the account cannot see: 404 worded as "not found or not visible"', async () => {
    const result = await cli(['check', '1013', '--user', 'u-bob', '--json'], alice);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'access-lens: Page 1013 not found, or not visible to this account (Confluence answers 404 for both): check the id, or use an account that can view the page.\n',
    );
  });

  it('a 429 storm that recovers: Retry-After is honoured and the answer is complete', async () => {
    sim.setFaults({ rules: [{ path: PAGE_1030, action: 429, times: 2 }] });
    const result = await cli(['check', '1030', '--user', 'u-dan', '--json', '--verbose'], bob);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ view: { allowed: true } });
    expect(result.stderr.match(/^getPage 429 /gm)).toHaveLength(2);
    expect(result.stderr).toMatch(/^getPage 200 \(attempt 3/m);
    expect(result.stderr.match(/^waiting 1\.0 s before retrying$/gm)).toHaveLength(2);
    expect(sim.stats().rateLimited.injected).toBe(2);
  });

  it('a 429 storm that does not stop: gives up with how long it waited and how often it tried', async () => {
    sim.setFaults({ rules: [{ path: PAGE_1030, action: 429 }] });
    const result = await cli(['page', '1030'], bob);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'access-lens: Confluence kept answering 429 (rate limited): waited 3 s, gave up after 4 tries. Try again later or lower --max-requests-per-second.\n',
    );
  });

  it('a malformed --site or no token: exit 1 before any request, with what to do', async () => {
    const malformed = await cli(['whoami', '--site', 'confluence.example'], bob);
    expect(malformed).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'access-lens: --site must be a full URL such as https://your-site.atlassian.net (got "confluence.example").\n',
    });
    const cleartext = await cli(['whoami', '--site', 'http://acme.atlassian.net'], bob);
    expect(cleartext.stderr).toMatch(/--site must use https/);

    const noToken = await cli(['page', '1013'], null, { ATLASSIAN_EMAIL: 'bob@example.com' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(
      /^access-lens: No API token: set ATLASSIAN_API_TOKEN or pass --token-file/,
    );
    expect(sim.stats().totalRequests).toBe(0);
  });

  it('refuses a token passed as an argument, without repeating it', async () => {
    const result = await cli(['whoami', '--token', 'demo-token-bob'], null, {
      ATLASSIAN_EMAIL: 'bob@example.com',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^access-lens: --token is not accepted/);
    expect(result.stderr).not.toContain('demo-token-bob');
    expect(sim.stats().totalRequests).toBe(0);
  });

  it.each([
    ['an unknown flag with =value', ['whoami', `--api_token=${PASTED}`]],
    ['an unknown flag with a separate value', ['whoami', '--secret', PASTED]],
    ['--email', ['whoami', '--email', PASTED]],
    ['--site', ['whoami', '--site', PASTED]],
    ['--token-file', ['whoami', '--token-file', PASTED]],
    ['an unknown command', [PASTED]],
  ])('never echoes a token pasted as %s', async (_case, args) => {
    const result = await cli(args, bob);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^(access-lens|error): /);
    expect(`${result.stdout}${result.stderr}`).not.toContain(PASTED.slice(0, 12));
    expect(sim.stats().totalRequests).toBe(0);
  });

  it('never echoes the real token, however short, wherever it turns up', async () => {
    const result = await cli(['whoami', '--email', 'bob42'], null, {
      ATLASSIAN_EMAIL: 'bob@example.com',
      ATLASSIAN_API_TOKEN: 'bob42',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^access-lens: --email must be the email address/);
    expect(result.stderr).not.toContain('bob42');
    const command = await cli(['bob42'], null, { ATLASSIAN_API_TOKEN: 'bob42' });
    expect(command.stderr).toMatch(/^error: unknown command/);
    expect(command.stderr).not.toContain('bob42');
  });

  it('audit reads a --policy file saved with a byte-order mark', async () => {
    const policy = join(dir, 'policy-bom.json');
    writeFileSync(policy, `\uFEFF${JSON.stringify({ broadGroups: ['all-staff'] })}\n`);
    const csv = await cli(
      ['audit', '--space', 'SALES', '--policy', policy, '--csv', ...fast],
      alice,
    );
    expect(csv).toMatchObject({ code: 0, stderr: '' });
    expect(csv.stdout).toContain('high,broad-group-admin,SALES,,,all-staff,');
  });

  it('an OAuth token the site does not accept: 401 worded for OAuth', async () => {
    const tokenFile = join(dir, 'oauth-token');
    writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.not-valid-here', { mode: 0o600 });
    const result = await cli(['whoami', '--bearer-token-file', tokenFile], null);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^access-lens: Confluence refused the OAuth access token \(401\)/,
    );
    expect(result.stderr).not.toContain('not-valid-here');
  });

  it('--help works for the program and every command', async () => {
    const spawned = await cli(['--help'], null);
    expect(spawned.code).toBe(0);
    expect(spawned.stdout).toMatch(/^Usage: access-lens \[options\] \[command\]/);
    for (const command of ['whoami', 'page', 'check', 'audit']) {
      const help = await runCli([command, '--help']);
      expect({ command, code: help.code }).toEqual({ command, code: 0 });
      expect(help.stdout).toContain(`Usage: access-lens ${command}`);
      expect(help.stdout).toContain('--site <url>');
      expect(help.stdout).toContain('--max-requests-per-second <n>');
    }
  });

  it('loads no @forge module at all, not even transitively', async () => {
    const probe = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [
          '-r',
          'tsx/cjs',
          '-e',
          "require('./src/cli/main.ts'); process.stdout.write('<<' + JSON.stringify(Object.keys(require.cache)) + '>>')",
        ],
        { cwd: root, env: { PATH: process.env.PATH ?? '' } },
        // With no command the CLI exits 1 after printing its help; only the module list matters.
        (_error, stdout) => {
          resolve(stdout);
        },
      );
    });
    const loaded = JSON.parse(/<<(.*)>>/s.exec(probe)?.[1] ?? '[]') as string[];
    expect(loaded.some((path) => path.includes('/src/cli/run.ts'))).toBe(true);
    expect(loaded.filter((path) => path.includes('@forge'))).toEqual([]);
  });

  it('never printed a token or a Basic credential in any of the runs above', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(15);
    for (const output of outputs) {
      for (const secret of SECRETS) {
        expect(output.stdout.includes(secret) || output.stderr.includes(secret)).toBe(false);
      }
    }
  });
});
