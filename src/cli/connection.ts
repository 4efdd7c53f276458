/**
 * Where to connect and with which credential. The credential is read from the environment or a
 * file, never from an argument (shell history, `ps`), and leaves this module only as the value of
 * the auth header plus a list of secrets for the output scrubber.
 */
import { CliError } from './errors';
import { looksLikeCredential, namesSecret } from './redact';

export interface ConnectionOptions {
  readonly site?: string;
  readonly email?: string;
  readonly tokenFile?: string;
  readonly bearerTokenFile?: string;
  readonly cloudId?: string;
}

export interface Connection {
  /** Base URL the API paths are appended to. */
  readonly baseUrl: string;
  /** Shown in messages: the site, never a credential. */
  readonly siteLabel: string;
  readonly scheme: 'basic' | 'oauth';
  readonly authHeader: string;
  /** Every form of the secret that must never be printed. */
  readonly secrets: readonly string[];
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface FileReader {
  (path: string): string;
}

export const ENV = {
  site: 'ACCESS_LENS_SITE',
  email: 'ATLASSIAN_EMAIL',
  token: 'ATLASSIAN_API_TOKEN',
} as const;

const OAUTH_BASE = 'https://api.atlassian.com/ex/confluence/';
const CLOUD_ID = /^[A-Za-z0-9-]{1,64}$/u;
const EMAIL = /^[^\s@]+@[^\s@]+$/u;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Flags named like a secret (`--token`, `--api_token`, `--password`, …) would put one on the
 * command line: refused before parsing, naming the flag but never its value.
 */
export function refuseSecretArguments(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === '--') return;
    const name = arg.split('=', 1)[0] ?? '';
    if (/^--?[A-Za-z]/u.test(name) && namesSecret(name.replace(/^-+/u, ''))) {
      throw new CliError(
        `${name} is not accepted: a token on the command line ends up in shell history and process lists. ` +
          `Set ${ENV.token} or pass --token-file <file> (OAuth: --bearer-token-file <file>).`,
      );
    }
  }
}

/** A site URL the CLI may send a credential to; returns the normalised base. */
export function parseSite(raw: string, flag = '--site'): string {
  const example = 'https://your-site.atlassian.net';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CliError(`${flag} must be a full URL such as ${example} (got ${shown(raw)}).`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new CliError(
      `${flag} must not contain a user name or password; use --email and a token.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(`${flag} must be an http(s) URL such as ${example} (got ${shown(raw)}).`);
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new CliError(
      `${flag} must use https: the credential would cross the network in the clear (plain http is only allowed for localhost).`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new CliError(
      `${flag} must be the site's address without a query or fragment, such as ${example}.`,
    );
  }
  const path = url.pathname.replace(/\/+$/u, '').replace(/\/wiki$/u, '');
  return `${url.origin}${path}`;
}

export function resolveConnection(
  options: ConnectionOptions,
  env: Env,
  readFile: FileReader,
): Connection {
  if (options.bearerTokenFile !== undefined) return oauthConnection(options, env, readFile);

  const siteRaw = options.site ?? nonEmpty(env[ENV.site]);
  if (options.cloudId !== undefined) {
    throw new CliError(
      '--cloud-id goes with --bearer-token-file (OAuth); with an API token use --site https://your-site.atlassian.net.',
    );
  }
  if (siteRaw === undefined) {
    throw new CliError(`No site: pass --site https://your-site.atlassian.net or set ${ENV.site}.`);
  }
  const baseUrl = parseSite(siteRaw, options.site === undefined ? ENV.site : '--site');
  const email = options.email ?? nonEmpty(env[ENV.email]);
  if (email === undefined) {
    throw new CliError(
      `No email: pass --email you@example.com or set ${ENV.email} (the account the API token belongs to).`,
    );
  }
  if (!EMAIL.test(email)) {
    throw new CliError(
      `--email must be the email address of the token's account (got ${shown(email)}).`,
    );
  }
  const token =
    options.tokenFile !== undefined
      ? tokenFromFile(options.tokenFile, '--token-file', readFile)
      : nonEmpty(env[ENV.token]);
  if (token === undefined) {
    throw new CliError(
      `No API token: set ${ENV.token} or pass --token-file <file> (create one at https://id.atlassian.com/manage-profile/security/api-tokens).`,
    );
  }
  checkToken(token, options.tokenFile === undefined ? ENV.token : '--token-file');
  const encoded = Buffer.from(`${email}:${token}`, 'utf8').toString('base64');
  const authHeader = `Basic ${encoded}`;
  return {
    baseUrl,
    siteLabel: baseUrl,
    scheme: 'basic',
    authHeader,
    secrets: [token, encoded, authHeader],
  };
}

function oauthConnection(options: ConnectionOptions, env: Env, readFile: FileReader): Connection {
  if (options.email !== undefined || options.tokenFile !== undefined) {
    throw new CliError(
      'Use either --email with an API token, or --bearer-token-file with --cloud-id (OAuth), not both.',
    );
  }
  if (options.cloudId !== undefined && options.site !== undefined) {
    throw new CliError(
      '--cloud-id and --site both name the site: with an OAuth token use --cloud-id alone.',
    );
  }
  let baseUrl: string;
  if (options.cloudId !== undefined) {
    if (!CLOUD_ID.test(options.cloudId)) {
      throw new CliError(
        "--cloud-id must be the site's cloud id (letters, digits and dashes), as listed by https://api.atlassian.com/oauth/token/accessible-resources.",
      );
    }
    baseUrl = `${OAUTH_BASE}${options.cloudId}`;
  } else {
    const siteRaw = options.site ?? nonEmpty(env[ENV.site]);
    if (siteRaw === undefined) {
      throw new CliError(
        '--bearer-token-file needs --cloud-id <id> (the site is reached through api.atlassian.com).',
      );
    }
    baseUrl = parseSite(siteRaw, options.site === undefined ? ENV.site : '--site');
  }
  const token = tokenFromFile(options.bearerTokenFile ?? '', '--bearer-token-file', readFile);
  checkToken(token, '--bearer-token-file');
  const authHeader = `Bearer ${token}`;
  return { baseUrl, siteLabel: baseUrl, scheme: 'oauth', authHeader, secrets: [token, authHeader] };
}

function tokenFromFile(path: string, flag: string, readFile: FileReader): string {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (looksLikeCredential(path)) {
      throw new CliError(
        `${flag} takes the path of a file holding the token, not the token itself; that value looks like a token, so revoke it if it may have been seen.`,
      );
    }
    const why = code === 'ENOENT' ? 'it does not exist' : 'it cannot be read';
    throw new CliError(`${flag} ${shown(path)}: ${why}.`);
  }
  const token = text.trim();
  if (token === '') throw new CliError(`${flag} ${shown(path)} is empty: put the token in it.`);
  return token;
}

/** A token is one line of printable characters; anything else is a wrong file, not a token. */
function checkToken(token: string, source: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\s\u0000-\u001f\u007f]/u.test(token)) {
    throw new CliError(`The token from ${source} must be a single line with no spaces.`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A user-supplied value quoted for a message, cut short; never one that looks like a token. */
export function shown(value: string): string {
  if (looksLikeCredential(value)) return '[redacted]';
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
