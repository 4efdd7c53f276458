/**
 * Where to connect and with which credential. The credential is read from the environment or a
 * file, never from an argument (shell history, `ps`), and leaves this module only as the value of
 * the auth header plus a list of secrets for the output scrubber.
 */
import { CliError } from './errors';
import { looksLikeCredential, namesSecret } from './redact';
import { cliMessages } from './words';

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
        cliMessages().text('cli.tool.connection.secretArgument', {
          flag: name,
          tokenEnv: ENV.token,
        }),
      );
    }
  }
}

/** A site URL the CLI may send a credential to; returns the normalised base. */
export function parseSite(raw: string, flag = '--site'): string {
  const m = cliMessages();
  const example = 'https://your-site.atlassian.net';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CliError(
      m.text('cli.tool.connection.siteNotUrl', { flag, example, value: shown(raw) }),
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new CliError(m.text('cli.tool.connection.siteUserInfo', { flag }));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(
      m.text('cli.tool.connection.siteProtocol', { flag, example, value: shown(raw) }),
    );
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new CliError(m.text('cli.tool.connection.siteHttp', { flag }));
  }
  if (url.search !== '' || url.hash !== '') {
    throw new CliError(m.text('cli.tool.connection.siteQuery', { flag, example }));
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
  const m = cliMessages();

  const siteRaw = options.site ?? nonEmpty(env[ENV.site]);
  if (options.cloudId !== undefined) {
    throw new CliError(m.text('cli.tool.connection.cloudIdWithoutOauth'));
  }
  if (siteRaw === undefined) {
    throw new CliError(m.text('cli.tool.connection.noSite', { env: ENV.site }));
  }
  const baseUrl = parseSite(siteRaw, options.site === undefined ? ENV.site : '--site');
  const email = options.email ?? nonEmpty(env[ENV.email]);
  if (email === undefined) {
    throw new CliError(m.text('cli.tool.connection.noEmail', { env: ENV.email }));
  }
  if (!EMAIL.test(email)) {
    throw new CliError(m.text('cli.tool.connection.badEmail', { value: shown(email) }));
  }
  const token =
    options.tokenFile !== undefined
      ? tokenFromFile(options.tokenFile, '--token-file', readFile)
      : nonEmpty(env[ENV.token]);
  if (token === undefined) {
    throw new CliError(m.text('cli.tool.connection.noToken', { env: ENV.token }));
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
  const m = cliMessages();
  if (options.email !== undefined || options.tokenFile !== undefined) {
    throw new CliError(m.text('cli.tool.connection.bothSchemes'));
  }
  if (options.cloudId !== undefined && options.site !== undefined) {
    throw new CliError(m.text('cli.tool.connection.cloudIdAndSite'));
  }
  let baseUrl: string;
  if (options.cloudId !== undefined) {
    if (!CLOUD_ID.test(options.cloudId)) {
      throw new CliError(m.text('cli.tool.connection.badCloudId'));
    }
    baseUrl = `${OAUTH_BASE}${options.cloudId}`;
  } else {
    const siteRaw = options.site ?? nonEmpty(env[ENV.site]);
    if (siteRaw === undefined) {
      throw new CliError(m.text('cli.tool.connection.oauthNeedsCloudId'));
    }
    baseUrl = parseSite(siteRaw, options.site === undefined ? ENV.site : '--site');
  }
  const token = tokenFromFile(options.bearerTokenFile ?? '', '--bearer-token-file', readFile);
  checkToken(token, '--bearer-token-file');
  const authHeader = `Bearer ${token}`;
  return { baseUrl, siteLabel: baseUrl, scheme: 'oauth', authHeader, secrets: [token, authHeader] };
}

function tokenFromFile(path: string, flag: string, readFile: FileReader): string {
  const m = cliMessages();
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (looksLikeCredential(path)) {
      throw new CliError(m.text('cli.tool.connection.tokenAsPath', { flag }));
    }
    const key = code === 'ENOENT' ? 'fileMissing' : 'fileUnreadable';
    throw new CliError(m.text(`cli.tool.connection.${key}`, { flag, path: shown(path) }));
  }
  const token = text.trim();
  if (token === '') {
    throw new CliError(m.text('cli.tool.connection.fileEmpty', { flag, path: shown(path) }));
  }
  return token;
}

/** A token is one line of printable characters; anything else is a wrong file, not a token. */
function checkToken(token: string, source: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\s\u0000-\u001f\u007f]/u.test(token)) {
    throw new CliError(cliMessages().text('cli.tool.connection.tokenNotOneLine', { source }));
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
