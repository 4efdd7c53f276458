import type { Invoker, LocalPlatform } from '../../dev/forge-platform/platform';

/** The handler shape `Resolver#getDefinitions()` returns: what the platform calls. */
export type ResolverHandler = (
  request: { call: { functionKey: string; payload?: unknown }; context: unknown },
  backendRuntimePayload?: Record<string, unknown>,
) => Promise<unknown>;

export interface ClaimedExtension {
  readonly moduleKey?: string;
  readonly contentId?: string;
  /** What the macro's context says the content is; `page` unless given. */
  readonly contentType?: 'page' | 'blogpost';
  readonly spaceKey?: string;
  /** The space's id, as the Forge macro's context gives it beside the key. */
  readonly spaceId?: string;
  readonly config?: Record<string, unknown>;
  /** The viewer's language, as Forge puts it in the invocation context. */
  readonly locale?: string;
}

/**
 * Invokes a resolver function exactly as the platform does: the trusted principal travels
 * beside the request, the extension context inside it (where a browser could forge it).
 */
export async function invokeResolver(
  platform: LocalPlatform,
  handler: ResolverHandler,
  call: {
    readonly as: Invoker;
    readonly functionKey: string;
    readonly payload?: unknown;
    readonly extension?: ClaimedExtension;
  },
): Promise<unknown> {
  const extension = call.extension ?? {};
  const context = {
    moduleKey: extension.moduleKey,
    ...(extension.locale === undefined ? {} : { locale: extension.locale }),
    extension: {
      type: extension.moduleKey === 'access-lens-settings' ? 'confluence:globalSettings' : 'macro',
      ...(extension.contentId === undefined
        ? {}
        : { content: { id: extension.contentId, type: extension.contentType ?? 'page' } }),
      ...(extension.spaceKey === undefined && extension.spaceId === undefined
        ? {}
        : {
            space: {
              ...(extension.spaceKey === undefined ? {} : { key: extension.spaceKey }),
              ...(extension.spaceId === undefined ? {} : { id: extension.spaceId }),
            },
          }),
      ...(extension.config === undefined ? {} : { config: extension.config }),
    },
  };
  const principal = 'accountId' in call.as ? { accountId: call.as.accountId } : undefined;
  return platform.runAs(call.as, () =>
    handler(
      { call: { functionKey: call.functionKey, payload: call.payload }, context },
      { principal, installContext: 'ari:cloud:confluence::site/local' },
    ),
  );
}
