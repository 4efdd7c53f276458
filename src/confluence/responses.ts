import type { z } from 'zod';
import type { EndpointName } from './endpoints';
import { ConfluenceError, errorKindForStatus, errorMessageFromBody } from './errors';
import type { RateLimitKind } from './rate-limit';
import type { TransportResponse } from './transport';

/**
 * A 2xx body checked against the shape the API documents. Nothing is trusted unchecked: a body
 * that is not JSON, or not the documented shape, is a `malformed-response` naming the first
 * field that is wrong.
 */
export function parseBody<S extends z.ZodType>(
  bodyText: string,
  schema: S,
  endpoint: EndpointName,
): { ok: true; data: z.infer<S> } | { ok: false; error: ConfluenceError } {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return {
      ok: false,
      error: new ConfluenceError(
        'malformed-response',
        `Confluence sent a response that is not JSON (${endpoint})`,
        {
          endpoint,
        },
      ),
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      error: new ConfluenceError(
        'malformed-response',
        `Confluence sent an unexpected response (${endpoint})${where}: ${issue?.message ?? 'invalid'}`,
        { endpoint },
      ),
    };
  }
  return { ok: true, data: parsed.data };
}

/** The typed error for a non-2xx answer, with Confluence's own explanation when it gave one. */
export function errorForResponse(
  endpoint: EndpointName,
  response: TransportResponse,
  attempts: number,
  retryAfterSeconds: number | undefined,
  rateLimit: RateLimitKind | undefined,
): ConfluenceError {
  const status = response.status;
  const kind = errorKindForStatus(status);
  const said = errorMessageFromBody(response.bodyText);
  const waited = kind === 'rate-limited' && attempts > 1 ? ` after ${attempts} attempts` : '';
  const pool = rateLimit === 'quota' ? ": the app's hourly points pool is used up" : '';
  return new ConfluenceError(
    kind,
    `Confluence answered ${status} (${endpoint})${waited}${pool}${said === undefined ? '' : `: ${said}`}`,
    {
      status,
      endpoint,
      attempts,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      ...(rateLimit === undefined ? {} : { rateLimit }),
    },
  );
}
