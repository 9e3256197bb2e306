import { type ErrorCode, RETRYABLE_CODES } from './codes';

/** Options accepted by {@link StorageError}. */
export interface StorageErrorOptions {
  /** Which backend or service raised it: `local`, `s3`, `json`… */
  provider?: string;
  /** Whether retrying the same call may succeed. Defaults from the code. */
  retryable?: boolean;
  /** The underlying error (SDK or system error). Never shown in `message`. */
  cause?: unknown;
  /** The key or collection concerned, when there is one. */
  key?: string;
  /** Free-form details a caller may inspect (HTTP status, row and column…). */
  details?: Record<string, unknown>;
}

/** Marks every StorageError, so two installed copies of core (ESM and CJS, or two versions) recognise each other's errors. */
const BRAND = Symbol.for('@agentmap/storage-core/StorageError');

/**
 * The one error type of AgentMap Storage. Its `message` says what went wrong and what to do
 * next; `code` is what callers branch on.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: ErrorCode;
  readonly provider: string | undefined;
  readonly retryable: boolean;
  readonly key: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: StorageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.provider = options.provider;
    this.retryable = options.retryable ?? RETRYABLE_CODES.has(code);
    this.key = options.key;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** `instanceof` also holds for a StorageError made by another installed copy of core. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value);
  }

  /** A plain object for logs and results; carries no cause (it may hold secrets). */
  toJSON(): { name: string; code: ErrorCode; message: string; provider?: string; retryable: boolean; key?: string } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.provider === undefined ? {} : { provider: this.provider }),
      retryable: this.retryable,
      ...(this.key === undefined ? {} : { key: this.key }),
    };
  }
}

/** True when `error` is a {@link StorageError}, optionally with the given code. */
export function isStorageError(error: unknown, code?: ErrorCode): error is StorageError {
  return hasBrand(error) && (code === undefined || error.code === code);
}

function hasBrand(value: unknown): value is StorageError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** The error thrown when an AbortSignal fires. */
export function abortError(signal: AbortSignal | undefined, provider?: string): StorageError {
  const reason: unknown = signal?.reason;
  if (reason instanceof StorageError) return reason;
  return new StorageError('ABORTED', 'The operation was aborted by its AbortSignal.', { provider, cause: reason });
}

/** Throws {@link abortError} when the signal has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, provider?: string): void {
  if (signal?.aborted) throw abortError(signal, provider);
}
