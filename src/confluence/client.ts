import type { z } from 'zod';
import { ConfluenceError, errorKindForStatus } from './errors';
import type { ConfluenceRequest, ConfluenceTransport, TransportResponse } from './transport';
import { currentUserSchema, pageSchema, spaceSchema } from './schemas';
import type { CurrentUserResponse, PageResponse, SpaceResponse } from './schemas';

/**
 * Typed Confluence calls over a transport. It owns status mapping and response validation so
 * resolvers, jobs and the CLI all see the same typed errors.
 */
export class ConfluenceClient {
  constructor(private readonly transport: ConfluenceTransport) {}

  get identity(): ConfluenceTransport['identity'] {
    return this.transport.identity;
  }

  getPage(id: string): Promise<PageResponse> {
    return this.getJson({ endpoint: 'getPage', params: { id } }, pageSchema);
  }

  getSpace(id: string): Promise<SpaceResponse> {
    return this.getJson({ endpoint: 'getSpace', params: { id } }, spaceSchema);
  }

  getCurrentUser(options: { withOperations: boolean }): Promise<CurrentUserResponse> {
    return this.getJson(
      {
        endpoint: 'getCurrentUser',
        query: options.withOperations ? { expand: 'operations' } : undefined,
      },
      currentUserSchema,
    );
  }

  private async getJson<S extends z.ZodType>(
    request: ConfluenceRequest,
    schema: S,
  ): Promise<z.infer<S>> {
    let response: TransportResponse;
    try {
      response = await this.transport.send(request);
    } catch (cause) {
      throw new ConfluenceError('upstream', `Confluence could not be reached: ${describe(cause)}`);
    }
    if (response.status < 200 || response.status >= 300) {
      throw new ConfluenceError(
        errorKindForStatus(response.status),
        `Confluence answered ${response.status}`,
        { status: response.status },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(response.bodyText);
    } catch {
      throw new ConfluenceError('malformed-response', 'Confluence sent a response that is not JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ConfluenceError(
        'malformed-response',
        `Confluence sent an unexpected response: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    return parsed.data as z.infer<S>;
  }
}

export function isConfluenceAdmin(user: CurrentUserResponse): boolean {
  return (user.operations ?? []).some(
    (op) => op.operation === 'administer' && op.targetType === 'application',
  );
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
