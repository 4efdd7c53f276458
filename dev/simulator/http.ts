// Response and error plumbing shared by every route: the two Confluence error shapes (v2
// `errors[]`, v1 `statusCode/message`) and the object counts the points model charges for.
export type ApiFlavor = 'v1' | 'v2';

/** Objects a response returned, by kind, for the points model (dev/simulator/README.md, "Rate limits"). */
export interface ObjectCounts {
  content?: number;
  space?: number;
  user?: number;
  group?: number;
  permission?: number;
}

export interface SimResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  objects?: ObjectCounts;
}

/** 1 per request, +1 per content or space object, +2 per user, group or permission object. */
export function pointsFor(objects: ObjectCounts | undefined): number {
  if (!objects) return 1;
  return (
    1 +
    (objects.content ?? 0) +
    (objects.space ?? 0) +
    2 * ((objects.user ?? 0) + (objects.group ?? 0) + (objects.permission ?? 0))
  );
}

export class HttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}

const V2_CODES: Record<number, [code: string, title: string]> = {
  400: ['INVALID_REQUEST_PARAMETER', 'Bad Request'],
  401: ['UNAUTHORIZED', 'Unauthorized'],
  403: ['FORBIDDEN', 'Forbidden'],
  404: ['NOT_FOUND', 'Not Found'],
  405: ['METHOD_NOT_ALLOWED', 'Method Not Allowed'],
  429: ['TOO_MANY_REQUESTS', 'Too Many Requests'],
  500: ['INTERNAL_SERVER_ERROR', 'Internal Server Error'],
  503: ['SERVICE_UNAVAILABLE', 'Service Unavailable'],
};

export function errorBody(flavor: ApiFlavor, status: number, message: string): unknown {
  if (flavor === 'v2') {
    const [code, title] = V2_CODES[status] ?? ['ERROR', 'Error'];
    return { errors: [{ status, code, title, detail: message }] };
  }
  return {
    statusCode: status,
    message,
    data: {
      authorized: status !== 401 && status !== 403,
      valid: status !== 400,
      errors: [],
      successful: false,
    },
  };
}

export function errorResponse(
  flavor: ApiFlavor,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): SimResponse {
  return { status, body: errorBody(flavor, status, message), headers };
}

export const NOT_FOUND_MESSAGE =
  'No content found with id or you do not have permission to view it';
