// Error bodies in the two shapes Confluence Cloud uses. v2 answers
// {"errors":[{status, code, title, detail}]} (see docs/CONFLUENCE-API.md, e.g. the 400 cursor error and the 409
// stale-version error); v1 answers {statusCode, data:{authorized, valid, errors, successful}, message}.

export type ApiStyle = 'v2' | 'v1';

/** Thrown by handlers; the server turns it into the error body of the API being called. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(title);
  }
}

export const badRequest = (title: string, detail: string | null = null): ApiError => new ApiError(400, 'INVALID_REQUEST_PARAMETER', title, detail);
export const badBody = (title: string): ApiError => new ApiError(400, 'INVALID_MESSAGE', title);
export const notFound = (title = 'Not Found'): ApiError => new ApiError(404, 'NOT_FOUND', title);

export const DEFAULT_CODES: Record<number, string> = {
  400: 'INVALID_REQUEST_PARAMETER', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT', 413: 'REQUEST_ENTITY_TOO_LARGE', 429: 'TOO_MANY_REQUESTS', 500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT',
};

export const DEFAULT_TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized; scope does not match', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Request Entity Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export function v2ErrorBody(status: number, code: string, title: string, detail: string | null): unknown {
  return { errors: [{ status, code, title, detail }] };
}

export function v1ErrorBody(status: number, message: string): unknown {
  return {
    statusCode: status,
    data: { authorized: status !== 401 && status !== 403, valid: status < 500, errors: [], successful: false },
    message,
  };
}

export function errorBody(style: ApiStyle, e: ApiError): unknown {
  return style === 'v1' ? v1ErrorBody(e.status, e.detail ? `${e.title}: ${e.detail}` : e.title) : v2ErrorBody(e.status, e.code, e.title, e.detail);
}
