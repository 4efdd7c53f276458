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
