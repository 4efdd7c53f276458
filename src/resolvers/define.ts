import { getAppContext, isForgePlatformError } from '@forge/api';
import type Resolver from '@forge/resolver';
import type { Request } from '@forge/resolver';
import { z } from 'zod';
import type { ErrorReason, ResolverError, ResolverResult } from '../contract/results';
import { functionMessages } from '../messages/english';
import type { Messages } from '../messages/format';
import { ConfluenceClient } from '../confluence/client';
import { ConfluenceError } from '../confluence/errors';
import { forgeTransport } from '../confluence/forge-transport';
import { fitsPayloadLimits, MAX_PAYLOAD_DEPTH } from './payload-size';

/** The invocation facts the platform guarantees; everything else in the context is a claim. */
export interface TrustedCaller {
  readonly accountId: string;
  /**
   * The installation the call is for (the platform's `installContext`, beside the request where
   * no browser can set it); empty when the platform gave none.
   */
  readonly installContext: string;
}

/** What the calling view claims about where it runs. Untrusted: use only as a hint. */
export interface ClaimedContext {
  readonly moduleKey?: string;
  readonly contentId?: string;
  /** `page` or `blogpost`, as the macro's context says. */
  readonly contentType?: string;
  readonly spaceKey?: string;
  /** The space's id, as the Forge macro's context gives it (`extension.space.id`). */
  readonly spaceId?: string;
  readonly config?: unknown;
}

export interface ResolverSpec<P extends z.ZodType, T> {
  /** Validates the payload before anything else happens. */
  readonly payload: P;
  /** Overrides the default payload size cap (8 KiB) for a function that takes larger input. */
  readonly maxPayloadBytes?: number;
  readonly handle: (input: HandlerInput<z.infer<P>>) => Promise<T>;
}

export interface HandlerInput<Payload> {
  readonly payload: Payload;
  readonly caller: TrustedCaller;
  readonly claimed: ClaimedContext;
  /**
   * A Confluence client speaking as the invoking user. Every client of one invocation shares
   * the invocation's deadline, so several calls in a row still end inside the platform's limit.
   */
  readonly asUser: () => ConfluenceClient;
}

/**
 * A UI resolver is stopped by the platform after 25 s; answering by 20 s leaves room to return
 * a typed error (and for the platform's own overhead) instead of being cut off.
 */
export const INVOCATION_BUDGET_MS = 20_000;

/** The share of the time the platform says is left that Confluence calls may use. */
const SHARE_OF_REMAINING_TIME = 0.8;

/**
 * When this invocation's Confluence calls must be done: the budget above, or less when the
 * platform reports less time left (its `invocationRemainingTimeInMillis`).
 */
function invocationDeadline(): number {
  let budget = INVOCATION_BUDGET_MS;
  try {
    const remaining = getAppContext().invocationRemainingTimeInMillis();
    if (Number.isFinite(remaining)) {
      budget = Math.min(budget, Math.floor(remaining * SHARE_OF_REMAINING_TIME));
    }
  } catch {
    // An older runtime (or a tunnel) without the remaining time: the fixed budget holds.
  }
  return Date.now() + budget;
}

/** Reasonable upper bound for any payload this app accepts; larger requests are refused unread. */
const MAX_PAYLOAD_BYTES = 8 * 1024;

export class ResolverFailure extends Error {
  override readonly name = 'ResolverFailure';
  /** A refusal with its reason, worded from the catalogue in the caller's language. */
  constructor(
    readonly code: ResolverError['code'],
    readonly reason: ErrorReason,
    readonly params?: Readonly<Record<string, string | number>>,
  ) {
    super(reason);
  }
}

/**
 * A typed failure, its `message` the reason's sentence (`common.error.reason.<reason>`) in the
 * language the view runs in, so the view shows it as it came.
 */
function resolverError(
  messages: Messages,
  code: ResolverError['code'],
  reason: ErrorReason,
  params?: Readonly<Record<string, string | number>>,
  extra: Pick<ResolverError, 'retryAfterSeconds'> = {},
): ResolverError {
  return { code, message: messages.text(`common.error.reason.${reason}`, params), ...extra };
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
    const deadlineAt = invocationDeadline();
    try {
      const caller = trustedCaller(request);
      const payload = parsePayload(spec.payload, request.payload, spec.maxPayloadBytes);
      const data = await spec.handle({
        payload,
        caller,
        claimed: claimedContext(request),
        asUser: () => new ConfluenceClient(forgeTransport('user'), { deadlineAt }),
      });
      return { ok: true, data };
    } catch (error) {
      // The platform's own errors (above all "this user has not yet allowed the app to act as
      // them") must reach the platform as thrown: it answers them with the consent prompt.
      if (error instanceof Error && isForgePlatformError(error)) throw error;
      // The view's language is a claim, but it only picks the words of the answer.
      return { ok: false, error: toResolverError(error, functionMessages(claimedLocale(request))) };
    }
  });
}

function trustedCaller(request: Request): TrustedCaller {
  const accountId: unknown = request.context.accountId;
  const install: unknown = request.context.installContext;
  const installContext = typeof install === 'string' ? install : '';
  if (typeof accountId !== 'string' || accountId.length === 0) {
    // Anonymous viewers have no account id. The caller is then described by what
    // Confluence answers for asUser() calls, never by anything in the payload.
    return { accountId: '', installContext };
  }
  return { accountId, installContext };
}

function parsePayload<P extends z.ZodType>(
  schema: P,
  raw: unknown,
  maxBytes = MAX_PAYLOAD_BYTES,
): z.infer<P> {
  const payload = raw ?? {};
  if (!fitsPayloadLimits(payload, { maxBytes, maxDepth: MAX_PAYLOAD_DEPTH })) {
    throw new ResolverFailure('BAD_REQUEST', 'payload-too-large');
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    // Zod's own account of the fault is for the developer who sent it.
    throw new ResolverFailure('BAD_REQUEST', 'payload-invalid', {
      detail: z.prettifyError(parsed.error),
    });
  }
  return parsed.data;
}

function claimedLocale(request: Request): string | undefined {
  return asString(asRecord(request.context).locale);
}

function claimedContext(request: Request): ClaimedContext {
  const extension = asRecord(asRecord(request.context).extension);
  const content = asRecord(extension.content);
  const space = asRecord(extension.space);
  return {
    moduleKey: asString(asRecord(request.context).moduleKey),
    contentId: asString(content.id),
    contentType: asString(content.type),
    spaceKey: asString(space.key),
    spaceId: asString(space.id),
    config: extension.config,
  };
}

function toResolverError(error: unknown, m: Messages): ResolverError {
  if (error instanceof ResolverFailure) {
    return resolverError(m, error.code, error.reason, error.params);
  }
  if (error instanceof ConfluenceError) {
    switch (error.kind) {
      case 'not-visible':
        return resolverError(m, 'NOT_VISIBLE', 'not-visible');
      case 'rate-limited':
        return resolverError(
          m,
          'RATE_LIMITED',
          'busy',
          undefined,
          error.details.retryAfterSeconds === undefined
            ? {}
            : { retryAfterSeconds: error.details.retryAfterSeconds },
        );
      case 'forbidden':
      case 'unauthenticated':
        return resolverError(m, 'FORBIDDEN', 'confluence-refused');
      case 'bad-request':
      case 'upstream':
      case 'malformed-response':
        return resolverError(m, 'UPSTREAM', 'confluence-failed');
    }
  }
  // Unknown failures are reported without internals: they may carry data the caller
  // should not see.
  console.error('Access Lens resolver failed', error);
  return resolverError(m, 'UPSTREAM', 'unexpected');
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
