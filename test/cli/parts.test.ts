/**
 * The CLI's parts that need no simulator: argument checks, the credential header, pacing, the
 * audit's CQL, the output scrubber and the progress bar.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnsafeCqlValue, labelledContentCql } from '../../src/access/audit-cql';
import { parseSite, resolveConnection } from '../../src/cli/connection';
import { CliError } from '../../src/cli/errors';
import { parseAccountId, parsePageRef, parseSpaceKeys } from '../../src/cli/ids';
import { Output } from '../../src/cli/output';
import { argvSecrets, looksLikeCredential } from '../../src/cli/redact';
import { pacedTransport } from '../../src/cli/paced-transport';
import type { ConfluenceTransport, TransportResponse } from '../../src/confluence/transport';
import { run } from '../../src/cli/run';

const SITE = 'https://acme.atlassian.net';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error.message;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('page references', () => {
  it.each([
    ['1013', '1013'],
    [' 42 ', '42'],
    [`${SITE}/wiki/spaces/ENG/pages/1013/Breach+Playbook`, '1013'],
    [`${SITE}/wiki/spaces/ENG/pages/1013`, '1013'],
    [`${SITE}/wiki/spaces/~alice/pages/77/Notes?focusedCommentId=5#x`, '77'],
    [`${SITE}/wiki/spaces/ENG/pages/edit-v2/1013`, '1013'],
    [`${SITE}/wiki/pages/viewpage.action?pageId=1013`, '1013'],
  ])('%s → %s', (raw, id) => {
    expect(parsePageRef(raw, SITE)).toBe(id);
  });

  it('refuses what is not a page, and URLs of another site', () => {
    expect(message(() => parsePageRef('Breach Playbook', SITE))).toMatch(
      /is not a page id or a page URL/,
    );
    expect(message(() => parsePageRef(`${SITE}/wiki/spaces/ENG/overview`, SITE))).toMatch(
      /^No page id in that URL/,
    );
    expect(message(() => parsePageRef(`${SITE}/wiki/x/AbCd`, SITE))).toMatch(/^Short links/);
    expect(
      message(() => parsePageRef('https://evil.example/wiki/spaces/E/pages/1/T', SITE)),
    ).toMatch(/is on evil\.example, but the site is acme\.atlassian\.net/);
    // Through api.atlassian.com (OAuth) the page URL names the real site: only the id counts.
    expect(
      parsePageRef(
        `${SITE}/wiki/spaces/ENG/pages/5/T`,
        'https://api.atlassian.com/ex/confluence/abc-123',
      ),
    ).toBe('5');
  });

  it('takes account ids, and says plainly that emails cannot be looked up', () => {
    expect(parseAccountId('557058:f1e2d3')).toBe('557058:f1e2d3');
    expect(message(() => parseAccountId('bob@example.com'))).toMatch(/pass their account id/);
    expect(message(() => parseAccountId('bob" OR 1=1'))).toMatch(/is not an Atlassian account id/);
  });

  it('takes space keys repeated or comma-separated, upper-casing global keys', () => {
    expect(parseSpaceKeys(['eng,HR', 'eng', '~alice'])).toEqual(['ENG', 'HR', '~alice']);
    expect(message(() => parseSpaceKeys(['ENG" OR space = "HR']))).toMatch(/is not a space key/);
  });
});

describe('site and credentials', () => {
  const files: Record<string, string> = {
    '/tokens/api': 'api-token-value-123\n',
    '/tokens/oauth': '  eyJ-oauth-access-token  \n',
    '/tokens/empty': '\n',
    '/tokens/two-lines': 'abc\ndef\n',
  };
  const readFile = (path: string) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    return text;
  };

  it('normalises a site and refuses the unsafe ones', () => {
    expect(parseSite('https://acme.atlassian.net/wiki/')).toBe(SITE);
    expect(parseSite('http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321');
    expect(message(() => parseSite('acme.atlassian.net'))).toMatch(/must be a full URL/);
    expect(message(() => parseSite('http://acme.atlassian.net'))).toMatch(/must use https/);
    expect(message(() => parseSite('https://bob:pw@acme.atlassian.net'))).toBe(
      '--site must not contain a user name or password; use --email and a token.',
    );
    expect(message(() => parseSite('https://acme.atlassian.net/?os_username=x'))).toMatch(
      /without a query/,
    );
  });

  it('builds Basic from the email and the token (file first, then environment)', () => {
    const fromEnv = resolveConnection(
      {},
      {
        ACCESS_LENS_SITE: SITE,
        ATLASSIAN_EMAIL: 'ada@example.com',
        ATLASSIAN_API_TOKEN: 'env-token-456',
      },
      readFile,
    );
    expect(fromEnv).toMatchObject({ baseUrl: SITE, scheme: 'basic' });
    expect(fromEnv.authHeader).toBe(
      `Basic ${Buffer.from('ada@example.com:env-token-456').toString('base64')}`,
    );
    const fromFile = resolveConnection(
      { site: SITE, email: 'ada@example.com', tokenFile: '/tokens/api' },
      { ATLASSIAN_API_TOKEN: 'env-token-456' },
      readFile,
    );
    expect(fromFile.authHeader).toBe(
      `Basic ${Buffer.from('ada@example.com:api-token-value-123').toString('base64')}`,
    );
    expect(fromFile.secrets).toContain('api-token-value-123');
  });

  it('builds the OAuth header and the api.atlassian.com base from --cloud-id', () => {
    const oauth = resolveConnection(
      { bearerTokenFile: '/tokens/oauth', cloudId: '1a2b-3c4d' },
      { ACCESS_LENS_SITE: SITE },
      readFile,
    );
    expect(oauth).toMatchObject({
      baseUrl: 'https://api.atlassian.com/ex/confluence/1a2b-3c4d',
      scheme: 'oauth',
      authHeader: 'Bearer eyJ-oauth-access-token',
    });
  });

  it('says what is missing or wrong, without quoting a token', () => {
    const env = { ACCESS_LENS_SITE: SITE, ATLASSIAN_EMAIL: 'ada@example.com' };
    expect(message(() => resolveConnection({}, env, readFile))).toMatch(/^No API token: set/);
    expect(message(() => resolveConnection({}, { ACCESS_LENS_SITE: SITE }, readFile))).toMatch(
      /^No email/,
    );
    expect(message(() => resolveConnection({}, {}, readFile))).toMatch(/^No site/);
    expect(message(() => resolveConnection({ tokenFile: '/tokens/none' }, env, readFile))).toBe(
      '--token-file "/tokens/none": it does not exist.',
    );
    expect(message(() => resolveConnection({ tokenFile: '/tokens/empty' }, env, readFile))).toMatch(
      /is empty/,
    );
    const twoLines = message(() =>
      resolveConnection({ tokenFile: '/tokens/two-lines' }, env, readFile),
    );
    expect(twoLines).toMatch(/single line/);
    expect(twoLines).not.toContain('abc');
    expect(
      message(() =>
        resolveConnection({ bearerTokenFile: '/tokens/oauth', email: 'a@b.c' }, env, readFile),
      ),
    ).toMatch(/not both/);
    expect(
      message(() => resolveConnection({ bearerTokenFile: '/tokens/oauth' }, {}, readFile)),
    ).toMatch(/needs --cloud-id/);
    expect(message(() => resolveConnection({ cloudId: 'x' }, env, readFile))).toMatch(
      /goes with --bearer-token-file/,
    );
  });

  it('sends the OAuth token as a Bearer header (and only there)', async () => {
    const seen: { url: string; authorization: string | undefined }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          type: 'known',
          accountId: 'u-ada',
          displayName: 'Ada',
          operations: [{ operation: 'administer', targetType: 'application' }],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      let read = '';
      let stdout = '';
      const code = await run(
        [
          'whoami',
          '--json',
          '--bearer-token-file',
          'oauth.txt',
          '--site',
          `http://127.0.0.1:${port}`,
        ],
        {
          stdout: { write: (t) => (stdout += t) },
          stderr: { write: () => undefined },
          env: {},
          readFile: (path) => {
            read = path;
            return 'oauth-access-token-789\n';
          },
        },
      );
      expect(read).toBe('oauth.txt');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ accountId: 'u-ada', isConfluenceAdmin: true });
      expect(seen.at(-1)).toEqual({
        url: '/wiki/rest/api/user/current?expand=operations',
        authorization: 'Bearer oauth-access-token-789',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('paced transport', () => {
  function fakeInner() {
    const state = { inFlight: 0, maxInFlight: 0, sent: 0 };
    const release: (() => void)[] = [];
    const ok: TransportResponse = { status: 200, header: () => null, bodyText: '{}' };
    const inner: ConfluenceTransport = {
      identity: 'token',
      async send() {
        state.sent += 1;
        state.inFlight += 1;
        state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
        await new Promise<void>((resolve) => release.push(resolve));
        state.inFlight -= 1;
        return ok;
      },
    };
    return { inner, state, release };
  }

  it('never has more than `concurrency` requests in flight', async () => {
    const { inner, state, release } = fakeInner();
    const paced = pacedTransport(inner, { concurrency: 3 });
    const all = Array.from({ length: 10 }, () => paced.send({ endpoint: 'getSpaces' }));
    for (let round = 0; round < 20 && state.sent < 10; round += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      release.splice(0).forEach((done) => {
        done();
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
    release.splice(0).forEach((done) => {
      done();
    });
    await Promise.all(all);
    expect(state.sent).toBe(10);
    expect(state.maxInFlight).toBe(3);
  });

  it('spaces request starts to the rate, on the injected clock', async () => {
    // The clock stands still: each request waits for its own slot, 250 ms after the previous one.
    const waits: number[] = [];
    const ok: TransportResponse = { status: 200, header: () => null, bodyText: '{}' };
    let sent = 0;
    const paced = pacedTransport(
      {
        identity: 'token',
        send: () => {
          sent += 1;
          return Promise.resolve(ok);
        },
      },
      {
        concurrency: 10,
        maxRequestsPerSecond: 4,
        now: () => 0,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );
    await Promise.all(Array.from({ length: 5 }, () => paced.send({ endpoint: 'getSpaces' })));
    expect(sent).toBe(5);
    expect(waits).toEqual([250, 500, 750, 1000]);
  });
});

describe('audit CQL (the one query the job and the CLI send)', () => {
  it('quotes every space key and label, once each, normalised', () => {
    expect(labelledContentCql(['ENG'], ['confidential', 'HR-only', 'confidential'])).toBe(
      'space = "ENG" AND label in ("confidential","hr-only") AND type in ("page","blogpost","folder")',
    );
    expect(labelledContentCql(['ENG', '~alice'], ['secret'])).toBe(
      'space in ("ENG","~alice") AND label in ("secret") AND type in ("page","blogpost","folder")',
    );
  });

  it('never puts an unchecked value into CQL', () => {
    expect(() => labelledContentCql(['ENG'], ['a" OR label = "b'])).toThrow(UnsafeCqlValue);
    expect(() => labelledContentCql(['ENG" OR "1'], ['secret'])).toThrow(UnsafeCqlValue);
    expect(() => labelledContentCql(['E G'], ['secret'])).toThrow(UnsafeCqlValue);
    expect(() => labelledContentCql([], ['secret'])).toThrow(UnsafeCqlValue);
    expect(() => labelledContentCql(['ENG'], [])).toThrow(UnsafeCqlValue);
  });
});

describe('output', () => {
  function capture(tty: boolean) {
    const out: string[] = [];
    const err: string[] = [];
    const output = new Output({ write: (t) => out.push(t) }, { write: (t) => err.push(t) }, tty);
    return { output, out, err };
  }

  it('scrubs registered secrets from everything it prints', () => {
    const { output, out, err } = capture(false);
    output.protect('super-secret-token', 'c3VwZXI=');
    output.out('token super-secret-token here\n');
    output.error('Confluence said: c3VwZXI= and super-secret-token');
    expect(out.join('')).toBe('token [redacted] here\n');
    expect(err.join('')).toBe('access-lens: Confluence said: [redacted] and [redacted]\n');
  });

  it('draws progress only on a terminal, and clears it before other output', () => {
    const pipe = capture(false);
    pipe.output.progress(1, 3, 'ENG');
    expect(pipe.err).toEqual([]);

    const tty = capture(true);
    tty.output.progress(1, 3, 'ENG');
    expect(tty.err.join('')).toMatch(/^\r\[#{10}\.{20}\] 1\/3 ENG/);
    tty.output.out('done\n');
    expect(tty.err.at(-1)).toMatch(/^\r +\r$/);
  });
});

/** A fake Atlassian API token: the shape of a real one (ATATT…), no real value. */
const PASTED = 'ATATT3xFfGF0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-=AB12CD34';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LWJvYiJ9.c2lnbmF0dXJl';

describe('credentials pasted where they do not belong', () => {
  it('recognises token-shaped values, and not ids, keys, paths or URLs', () => {
    for (const value of [
      PASTED,
      JWT,
      'Zk9xQ3pXc2VrTjdMbVBhUnQ1Ymc',
      '0123456789abcdef0123456789abcdef',
    ]) {
      expect([value, looksLikeCredential(value)]).toEqual([value, true]);
    }
    for (const value of [
      '1013',
      'ENG',
      'u-bob',
      '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
      '5b10ac8d82e05b22cc7d4ef5',
      '0b6e7f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
      'bob@example.com',
      'https://acme.atlassian.net/wiki/spaces/ENG/pages/1013/Breach+Playbook',
      './policy.json',
      '--max-requests-per-second',
    ]) {
      expect([value, looksLikeCredential(value)]).toEqual([value, false]);
    }
  });

  it('collects what to redact from argv: token-shaped values and values of secret-named flags', () => {
    expect(
      argvSecrets([
        'whoami',
        '--secret=hunter2',
        '--api_token',
        'abc12',
        '--email',
        PASTED,
        '--site',
        'https://acme.atlassian.net',
        '--token-file',
        './token.txt',
      ]),
    ).toEqual(['hunter2', 'abc12', PASTED]);
  });

  it('redacts registered secrets of any length, and token shapes wherever they appear', () => {
    const out: string[] = [];
    const output = new Output({ write: (t) => out.push(t) }, { write: (t) => out.push(t) }, false);
    output.protect('s3cr7');
    output.error(`got s3cr7, then ${PASTED} and ${JWT} from somewhere`);
    expect(out.join('')).toBe(
      'access-lens: got [redacted], then [redacted] and [redacted] from somewhere\n',
    );
  });

  // Each in-process through run(): a pasted token is never echoed, whatever took it.
  const env = {
    ACCESS_LENS_SITE: SITE,
    ATLASSIAN_EMAIL: 'ada@example.com',
    ATLASSIAN_API_TOKEN: 's3cr7',
  };
  async function runIn(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
    let stdout = '';
    let stderr = '';
    const code = await run(args, {
      stdout: { write: (text) => (stdout += text) },
      stderr: { write: (text) => (stderr += text) },
      env,
      readFile: () => {
        throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      },
    });
    return { code, stdout, stderr };
  }

  it.each([
    ['an unknown flag with =value', ['whoami', `--api_token=${PASTED}`], PASTED],
    ['an unknown flag with a separate value', ['whoami', '--apitoken', PASTED], PASTED],
    ['a secret-named unknown flag with a short value', ['whoami', '--secret=hunter2'], 'hunter2'],
    ['--token with =value', ['whoami', '--token=hunter2'], 'hunter2'],
    ['--api_token with a short value', ['page', '1013', '--api_token=abc12'], 'abc12'],
    ['--email', ['whoami', '--email', PASTED], PASTED],
    ['--site', ['whoami', '--site', PASTED], PASTED],
    ['--token-file', ['whoami', '--token-file', PASTED], PASTED],
    ['an unknown command', [PASTED], PASTED],
    ['an OAuth token as an unknown command', [JWT], JWT],
    ['a positional', ['check', PASTED, '--user', 'u-bob'], PASTED],
    ['too many arguments', ['page', '1013', PASTED], PASTED],
    ['the environment token, 5 characters, as an unknown command', ['s3cr7'], 's3cr7'],
    ['the environment token, 5 characters, under --email', ['whoami', '--email', 's3cr7'], 's3cr7'],
  ])('never echoes a token pasted as %s', async (_case, args, secret) => {
    const result = await runIn(args);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toBe('');
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret.slice(0, 12));
  });

  it('says a --token-file that looks like a token is a token, not a path', async () => {
    const result = await runIn(['whoami', '--token-file', PASTED]);
    expect(result.stderr).toMatch(/--token-file takes the path of a file/);
  });
});

describe('--policy files', () => {
  it('reads a policy saved with a UTF-8 byte-order mark', async () => {
    let stderr = '';
    const code = await run(['audit', '--policy', '/policy.json'], {
      stdout: { write: () => undefined },
      stderr: { write: (text) => (stderr += text) },
      env: {},
      readFile: () => '\uFEFF{"broadGroups": 5}\n',
    });
    expect(code).toBe(1);
    // Parsed, so the policy's own check speaks, not the JSON parser.
    expect(stderr).toMatch(/--policy "\/policy\.json" is not valid: broadGroups/);
  });
});
