import type { ServerResponse } from 'node:http';

/**
 * gRPC status numbers, as the data plane's `rpcStatus.code` carries them, by the names the
 * control plane's `ErrorResponse.error.code` uses.
 */
const GRPC: Record<string, number> = {
  OK: 0,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

/** The code name the reference pairs with each status. */
export function codeNameFor(status: number): string {
  switch (status) {
    case 400:
      return 'INVALID_ARGUMENT';
    case 401:
      return 'UNAUTHENTICATED';
    case 402:
      return 'PAYMENT_REQUIRED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'ALREADY_EXISTS';
    case 412:
      return 'FAILED_PRECONDITION';
    case 422:
      return 'UNPROCESSABLE_ENTITY';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 503:
      return 'UNAVAILABLE';
    default:
      return status >= 500 ? 'UNKNOWN' : 'INVALID_ARGUMENT';
  }
}

/** A failure a route reports; the plane it happened on decides the body's shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = codeNameFor(status),
  ) {
    super(message);
  }
}

export type Plane = 'control' | 'data';

/**
 * Writes an error in the shape of its plane: the control plane's `ErrorResponse`
 * (`{ error: { code, message }, status }`), the data plane's `rpcStatus`
 * (`{ code: <gRPC number>, message, details: [] }`).
 */
export function sendError(res: ServerResponse, plane: Plane, error: ApiError, headers: Record<string, string> = {}): void {
  const body =
    plane === 'control'
      ? { error: { code: error.code, message: error.message }, status: error.status }
      : { code: GRPC[error.code] ?? (error.status >= 500 ? 13 : 3), message: error.message, details: [] };
  sendJson(res, error.status, body, headers);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
