/**
 * What the CLI must never print: the credentials it was given, and anything on its command line
 * that looks like one (a token pasted under the wrong flag, or as a command). Every byte of
 * output goes through `redact` (see output.ts); `looksLikeCredential` also keeps messages from
 * quoting such a value in the first place.
 */

const REDACTED = '[redacted]';

/**
 * Shapes that are credentials wherever they appear: Atlassian API tokens start `ATATT`; OAuth
 * 2.0 access tokens are JWTs, whose base64url header starts `eyJ` (`{"`). Not inside a longer
 * word (`monkeyJumps…`).
 */
const TOKEN_SHAPES =
  /(?<![A-Za-z0-9+/=_-])(?:ATATT[A-Za-z0-9+/=_-]{8,}|eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*)*)/gu;

/** The base64 / base64url alphabet of opaque tokens. */
const BASE64 = /^[A-Za-z0-9+/=_-]+$/u;
const HEX = /^[0-9A-Fa-f]+$/u;

/** Flags whose value is a path, not a secret, though their names say "token". */
const PATH_FLAGS = new Set(['token-file', 'bearer-token-file']);
const SECRET_NAME = /token|secret|passw|pwd|credential|auth|bearer|api-?key/u;

/**
 * A token, by its looks: a known prefix, or a long opaque string. Ids the CLI takes are told
 * apart: page ids are digits, space keys one case, account and group ids lower-case hex with
 * `:` or `-` separators, and paths and URLs have `.` or `:`.
 */
export function looksLikeCredential(value: string): boolean {
  const text = value.trim();
  if (/^(?:ATATT|eyJ)/u.test(text) && text.length >= 12) return true;
  if (text.length >= 32 && HEX.test(text)) return true;
  return (
    text.length >= 20 &&
    BASE64.test(text) &&
    /[a-z]/u.test(text) &&
    /[A-Z]/u.test(text) &&
    /[0-9]/u.test(text)
  );
}

/**
 * The values on a command line to redact from every message: anything that looks like a token,
 * and the value of any flag named like a secret (`--api_token=…`, `--secret …`), whatever it is.
 */
export function argvSecrets(argv: readonly string[]): string[] {
  const secrets = new Set<string>();
  argv.forEach((arg, index) => {
    if (looksLikeCredential(arg)) secrets.add(arg);
    if (!arg.startsWith('-')) return;
    const equals = arg.indexOf('=');
    const name = (equals < 0 ? arg : arg.slice(0, equals)).replace(/^-+/u, '');
    const value = equals < 0 ? undefined : arg.slice(equals + 1);
    if (value !== undefined && looksLikeCredential(value)) secrets.add(value);
    if (namesSecret(name)) {
      const secret = value ?? argv[index + 1];
      if (secret !== undefined) secrets.add(secret);
    }
  });
  secrets.delete('');
  return [...secrets];
}

/** `--api_token`, `--API-Token`, `--apitoken` all name a token. */
export function namesSecret(flagName: string): boolean {
  const name = flagName.toLowerCase().replace(/_/gu, '-');
  return !PATH_FLAGS.has(name) && SECRET_NAME.test(name);
}

/**
 * `text` with every one of `secrets` (of any length: they are the user's own credentials, so a
 * short one is no less secret) and every token shape replaced. Longest secrets first, so a
 * secret that contains another is removed whole.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  const ordered = [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  for (const secret of ordered) result = result.split(secret).join(REDACTED);
  return result.replace(TOKEN_SHAPES, REDACTED);
}
