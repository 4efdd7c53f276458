import type Resolver from '@forge/resolver';
import type { Request } from '@forge/resolver';
import { z } from 'zod';
import type { ResolverError, ResolverResult } from '../contract/results';
import { ConfluenceError } from '../confluence/errors';

/** The invocation facts the platform guarantees; everything else in the context is a claim. */
export interface TrustedCaller {
  readonly accountId: string;
}

/** What the calling view claims about where it runs. Untrusted: use only as a hint. */
export interface ClaimedContext {
  readonly moduleKey?: string;
  readonly contentId?: string;
  readonly spaceKey?: string;
  readonly config?: unknown;
}

export interface ResolverSpec<P extends z.ZodType, T> {
  /** Validates the payload before anything else happens. */
  readonly payload: P;
  /** Overrides the default payload size cap (8 KiB) for a function that takes larger input. */
  readonly maxPayloadBytes?: number;
  readonly handle: (input: {
    readonly payload: z.infer<P>;
    readonly caller: TrustedCaller;
    readonly claimed: ClaimedContext;
  }) => Promise<T>;
}

/** Reasonable upper bound for any payload this app accepts; larger requests are refused unread. */
const MAX_PAYLOAD_BYTES = 8 * 1024;

export class ResolverFailure extends Error {
  override readonly name = 'ResolverFailure';
  constructor(readonly error: ResolverError) {
    super(error.message);
  }
}

/**
 * Registers a function with the one Resolver. Every function goes through the same gate:
 * a caller the platform vouches for, a payload that passes its schema, then the handler;
 * failures become typed results the UI can explain.
 */
export function defineFunction<P extends z.ZodType, T>(
  resolver: Resolver,
  key: string,
  spec: ResolverSpec<P, T>,
): void {
  resolver.define(key, async (request: Request): Promise<ResolverResult<T>> => {
    try {
      const caller = trustedCaller(request);
      const payload = parsePayload(spec.payload, request.payload, spec.maxPayloadBytes);
      const data = await spec.handle({ payload, caller, claimed: claimedContext(request) });
      return { ok: true, data };
    } catch (error) {
      return { ok: false, error: toResolverError(error) };
    }
  });
}

function trustedCaller(request: Request): TrustedCaller {
  const accountId: unknown = request.context.accountId;
  if (typeof accountId !== 'string' || accountId.length === 0) {
    // Anonymous viewers have no account id. The caller is then described by what
    // Confluence answers for asUser() calls, never by anything in the payload.
    return { accountId: '' };
  }
  return { accountId };
}

function parsePayload<P extends z.ZodType>(
  schema: P,
  raw: unknown,
  maxBytes = MAX_PAYLOAD_BYTES,
): z.infer<P> {
  if (JSON.stringify(raw ?? {}).length > maxBytes) {
    throw new ResolverFailure({ code: 'BAD_REQUEST', message: 'The request is too large.' });
  }
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new ResolverFailure({
      code: 'BAD_REQUEST',
      message: `The request is not valid: ${z.prettifyError(parsed.error)}`,
    });
  }
  return parsed.data;
}

function claimedContext(request: Request): ClaimedContext {
  const extension = asRecord(asRecord(request.context).extension);
  const content = asRecord(extension.content);
  const space = asRecord(extension.space);
  return {
    moduleKey: asString(asRecord(request.context).moduleKey),
    contentId: asString(content.id),
    spaceKey: asString(space.key),
    config: extension.config,
  };
}

function toResolverError(error: unknown): ResolverError {
  if (error instanceof ResolverFailure) return error.error;
  if (error instanceof ConfluenceError) {
    switch (error.kind) {
      case 'not-visible':
        return {
          code: 'NOT_VISIBLE',
          message: 'This page does not exist or you do not have permission to view it.',
        };
      case 'rate-limited':
        return {
          code: 'RATE_LIMITED',
          message: 'Confluence is busy. Try again shortly.',
          ...(error.details.retryAfterSeconds === undefined
            ? {}
            : { retryAfterSeconds: error.details.retryAfterSeconds }),
        };
      case 'forbidden':
      case 'unauthenticated':
        return { code: 'FORBIDDEN', message: 'Confluence did not allow this request.' };
      case 'bad-request':
      case 'upstream':
      case 'malformed-response':
        return { code: 'UPSTREAM', message: 'Confluence could not answer right now. Try again.' };
    }
  }
  // Unknown failures are reported without internals: they may carry data the caller
  // should not see.
  console.error('Access Lens resolver failed', error);
  return { code: 'UPSTREAM', message: 'Something went wrong. Try again.' };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
