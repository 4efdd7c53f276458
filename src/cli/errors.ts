/**
 * Every failure ends as one line on stderr that says what to do, and exit code 1 (2 is kept for
 * "findings at or above --fail-on"). Confluence failures are worded here from the client's typed
 * errors, never from raw status codes elsewhere.
 */
import { ConfluenceError } from '../confluence/errors';

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
  if (!(error instanceof ConfluenceError)) {
    return `Unexpected error: ${oneLine(error instanceof Error ? error.message : String(error))}`;
  }
  const endpoint = error.details.endpoint;
  switch (error.kind) {
    case 'unauthenticated':
      return context.scheme === 'oauth'
        ? `Confluence refused the OAuth access token (401): check --bearer-token-file and --cloud-id; access tokens expire after an hour.`
        : `Confluence refused the credentials (401): check --email / ATLASSIAN_EMAIL and the API token (ATLASSIAN_API_TOKEN or --token-file), and that the token has not expired or been revoked.`;
    case 'forbidden':
      if (endpoint === 'getCurrentUser') {
        return `Confluence refused this account (403): it may be deactivated or have no Confluence access on ${context.siteLabel}.`;
      }
      return `Confluence refused the request (403): the token's account is not allowed to do this${said(error)}.`;
    case 'not-visible':
      if ((endpoint === 'getPage' || endpoint === 'getBlogPost') && context.pageId !== undefined) {
        return `Page ${context.pageId} not found, or not visible to this account (Confluence answers 404 for both): check the id, or use an account that can view the page.`;
      }
      if ((endpoint === 'getUser' || endpoint === 'getUserGroups') && context.subject) {
        return `User ${context.subject} not found, or not visible to this account (404): check the account id.`;
      }
      return `Confluence answered 404 (${endpoint ?? 'request'}): it does not exist or this account cannot see it.`;
    case 'rate-limited': {
      if (error.details.rateLimit === 'quota') {
        const wait = error.details.retryAfterSeconds;
        const when = wait === undefined ? 'when it resets' : `in about ${Math.ceil(wait / 60)} min`;
        return `Confluence's hourly points quota for this caller is used up (429): nothing more can be read until it resets. Try again ${when}.`;
      }
      const tries = error.details.attempts ?? 1;
      return `Confluence kept answering 429 (rate limited): waited ${Math.round(context.waitedSeconds)} s, gave up after ${tries} ${tries === 1 ? 'try' : 'tries'}. Try again later or lower --max-requests-per-second.`;
    }
    case 'bad-request':
      return `Confluence refused the request as invalid (${error.details.status ?? 400})${said(error)}.`;
    case 'upstream':
      if (error.details.status !== undefined) {
        return `Confluence failed (${error.details.status}) after ${error.details.attempts ?? 1} tries: try again later.`;
      }
      return `Could not reach Confluence at ${context.siteLabel}: ${oneLine(error.message)}. Check --site and the network.`;
    case 'malformed-response':
      return `${oneLine(error.message)}. Is ${context.siteLabel} a Confluence Cloud site?`;
  }
}

/** Confluence's own words after "…answered NNN (endpoint): ", if it gave any. */
function said(error: ConfluenceError): string {
  const match = /\): (.+)$/u.exec(error.message);
  return match?.[1] ? `: ${oneLine(match[1])}` : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
