/**
 * Every failure ends as one line on stderr that says what to do, and exit code 1 (2 is kept for
 * "findings at or above --fail-on"). Confluence failures are worded here from the client's typed
 * errors, never from raw status codes elsewhere.
 */
import { ConfluenceError } from '../confluence/errors';
import type { Messages } from '../messages/format';
import { cliMessages } from './words';

export const EXIT = { ok: 0, error: 1, findings: 2 } as const;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
  }
}

export interface FailureContext {
  readonly scheme: 'basic' | 'oauth';
  readonly siteLabel: string;
  /** What the command was about, for 404 wording. */
  readonly pageId?: string;
  readonly subject?: string;
  /** Seconds the client spent waiting on Retry-After / backoff so far. */
  readonly waitedSeconds: number;
}

export function describeFailure(error: unknown, context: FailureContext): string {
  if (error instanceof CliError) return error.message;
  const m = cliMessages();
  if (!(error instanceof ConfluenceError)) {
    return m.text('cli.tool.failure.unexpected', {
      message: oneLine(error instanceof Error ? error.message : String(error)),
    });
  }
  const endpoint = error.details.endpoint;
  switch (error.kind) {
    case 'unauthenticated':
      return m.text(`cli.tool.failure.unauthenticated.${context.scheme}`);
    case 'forbidden':
      if (endpoint === 'getCurrentUser') {
        return m.text('cli.tool.failure.forbidden.account', { site: context.siteLabel });
      }
      return withSaid(m, 'cli.tool.failure.forbidden', error);
    case 'not-visible':
      if ((endpoint === 'getPage' || endpoint === 'getBlogPost') && context.pageId !== undefined) {
        return m.text('cli.tool.failure.notVisible.page', { pageId: context.pageId });
      }
      if ((endpoint === 'getUser' || endpoint === 'getUserGroups') && context.subject) {
        return m.text('cli.tool.failure.notVisible.user', { subject: context.subject });
      }
      return m.text('cli.tool.failure.notVisible', {
        endpoint: endpoint ?? m.text('cli.tool.failure.notVisible.request'),
      });
    case 'rate-limited': {
      if (error.details.rateLimit === 'quota') {
        const wait = error.details.retryAfterSeconds;
        const when =
          wait === undefined
            ? m.text('cli.tool.failure.quota.whenReset')
            : m.text('cli.tool.failure.quota.inMinutes', {
                minutes: String(Math.ceil(wait / 60)),
              });
        return m.text('cli.tool.failure.quota', { when });
      }
      const tries = error.details.attempts ?? 1;
      return m.text('cli.tool.failure.rateLimited', {
        seconds: String(Math.round(context.waitedSeconds)),
        tries: m.count('cli.tool.failure.tries', tries, { n: String(tries) }),
      });
    }
    case 'bad-request':
      return withSaid(m, 'cli.tool.failure.badRequest', error, {
        status: String(error.details.status ?? 400),
      });
    case 'upstream':
      if (error.details.status !== undefined) {
        return m.text('cli.tool.failure.upstream', {
          status: String(error.details.status),
          attempts: String(error.details.attempts ?? 1),
        });
      }
      return m.text('cli.tool.failure.unreachable', {
        site: context.siteLabel,
        message: oneLine(error.message),
      });
    case 'malformed-response':
      return m.text('cli.tool.failure.malformed', {
        message: oneLine(error.message),
        site: context.siteLabel,
      });
  }
}

/**
 * `key`, or `key.said` with Confluence's own words after "…answered NNN (endpoint): " when it
 * gave any.
 */
function withSaid(
  m: Messages,
  key: string,
  error: ConfluenceError,
  params: Readonly<Record<string, string>> = {},
): string {
  const said = /\): (.+)$/u.exec(error.message)?.[1];
  return said ? m.text(`${key}.said`, { ...params, said: oneLine(said) }) : m.text(key, params);
}

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
