/**
 * Every failure in AgentMap Storage carries one of these codes. Backends map their SDK's
 * errors onto them, so callers branch on the code, never on a provider's message.
 */
export const ErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAVAILABLE: 'UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
  UNSUPPORTED: 'UNSUPPORTED',
  CORRUPT_DATA: 'CORRUPT_DATA',
  /** Aborted by the caller's AbortSignal. */
  ABORTED: 'ABORTED',
  /** A bug or an unmapped provider failure; the cause says more. */
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that are worth retrying by default: the same call may succeed later. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['UNAVAILABLE', 'TIMEOUT']);
