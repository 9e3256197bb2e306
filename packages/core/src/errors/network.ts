/**
 * Error codes of sockets, DNS and HTTP clients (Node, undici, the cloud SDKs) that mean the
 * endpoint could not be reached or the connection broke: the same call may succeed later.
 */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'REQUEST_SEND_ERROR',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** Codes that mean the connection or the request ran out of time. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ERR_SOCKET_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'TimeoutError',
  'RequestTimeoutException',
]);

const NETWORK_MESSAGE = /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|other side closed/i;

/** What kind of transport failure an error is: a broken or refused connection, a timeout, or neither. */
export type NetworkFailure = 'network' | 'timeout';

/**
 * Classifies anything an SDK or socket throws as a transport failure, looking at `code`,
 * `name`, `errno` and the `cause` chain (undici wraps socket errors in `TypeError: fetch
 * failed`). One classifier for every backend, so "is the endpoint reachable?" is answered the
 * same way everywhere. Returns `undefined` for anything else (HTTP answers, bugs).
 */
export function classifyNetworkError(error: unknown): NetworkFailure | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (typeof current !== 'object') return undefined;
    const { code, name, message, type } = current as { code?: unknown; name?: unknown; message?: unknown; type?: unknown };
    // node-fetch (under the Google SDK) marks its timeouts with a type and no code.
    if (type === 'request-timeout') return 'timeout';
    if (typeof code === 'string') {
      if (TIMEOUT_CODES.has(code)) return 'timeout';
      if (NETWORK_CODES.has(code)) return 'network';
    }
    if (typeof name === 'string' && TIMEOUT_CODES.has(name)) return 'timeout';
    if (typeof message === 'string' && NETWORK_MESSAGE.test(message)) return 'network';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The transport code of an error (`ECONNREFUSED`), for messages; `undefined` when it has none. */
export function networkCodeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || TIMEOUT_CODES.has(code))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
