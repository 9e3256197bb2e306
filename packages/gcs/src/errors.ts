import { type ErrorCode, StorageError, isStorageError } from '@agentmap/storage-core';
import { classifyNetworkError, networkCodeOf, scrubCause } from '@agentmap/storage-core/kit';

export const PROVIDER = 'gcs';

/** What was being done when an SDK call failed, for the message. */
export interface FailureContext {
  bucket: string;
  /** The key concerned, when there is one. */
  key?: string;
  /** A verb phrase: `read`, `write`, `list`, `delete`, `copy`, `sign a URL for`. */
  action: string;
  /** Force `retryable` (a write whose effect is unknown must not be retried blindly). */
  retryable?: boolean;
}

interface SdkError {
  code?: unknown;
  status?: unknown;
  response?: { status?: unknown };
  errors?: Array<{ reason?: unknown }>;
  message?: unknown;
  name?: unknown;
  type?: unknown;
}

/**
 * Core's classifier, plus the timeout shape of the SDK's HTTP client (a `FetchError` of type
 * `request-timeout`, which carries no code).
 */
function transportFailure(error: unknown): 'network' | 'timeout' | undefined {
  if ((error as SdkError | undefined)?.type === 'request-timeout') return 'timeout';
  return classifyNetworkError(error);
}

/** The HTTP status of an SDK error, whichever of its shapes it has. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as SdkError | undefined;
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.response?.status === 'number') return e.response.status;
  if (typeof e?.status === 'number') return e.status;
  return undefined;
}

/** True when the request may never have reached GCS or its answer was lost: a transport failure or a 5xx/429/408. */
export function isTransient(error: unknown): boolean {
  if (isStorageError(error)) return error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT';
  const status = httpStatusOf(error);
  if (status !== undefined) return status === 408 || status === 429 || status >= 500;
  return transportFailure(error) !== undefined;
}

/** True when GCS said the bucket itself is missing (not just the object). */
export function isBucketMissing(error: unknown): boolean {
  const message = (error as SdkError).message;
  return httpStatusOf(error) === 404 && typeof message === 'string' && /bucket does not exist/i.test(message);
}

const target = (ctx: FailureContext) => (ctx.key === undefined ? `gs://${ctx.bucket}` : `gs://${ctx.bucket}/${ctx.key}`);

/**
 * Maps an SDK failure onto a {@link StorageError}. Messages say what to do next and never
 * carry the SDK's text (it may hold request details); `cause` is the SDK error scrubbed of
 * credentials (see scrubCause in core's kit).
 */
export function toStorageError(error: unknown, ctx: FailureContext): StorageError {
  if (isStorageError(error)) return error;
  const e = error as SdkError | undefined;
  const status = httpStatusOf(error);
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : '';
  const make = (c: ErrorCode, text: string, retryable?: boolean) =>
    new StorageError(c, `Could not ${ctx.action} ${target(ctx)}: ${text}`, {
      provider: PROVIDER,
      cause: scrubCause(error),
      ...(ctx.key === undefined ? {} : { key: ctx.key }),
      retryable: ctx.retryable ?? retryable,
      details: { ...(status === undefined ? {} : { status }), ...(code === undefined ? {} : { code }) },
    });

  if (/Could not load the default credentials|Could not refresh access token|invalid_grant|No key or keyFile set|error:.*DECODER|PEM|private key/i.test(message) && status === undefined) {
    return make('UNAUTHENTICATED', 'no usable Google Cloud credentials. Set keyFilename or credentials (providers.gcp.credentials_file), set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or run on Google Cloud with use_default_credentials: true.', false);
  }
  if (code === 'CONTENT_DOWNLOAD_MISMATCH' || code === 'FILE_NO_UPLOAD' || code === 'FILE_NO_UPLOAD_DELETE' || /checksum|mismatch/i.test(code ?? '')) {
    return make('CORRUPT_DATA', 'the bytes received do not match the checksum GCS reported (CRC32C/MD5); nothing corrupted was returned or kept. Retry.', true);
  }
  if (e?.name === 'AbortError' || code === 'ABORT_ERR') return make('ABORTED', 'the operation was aborted.', false);
  if (status === undefined) {
    const transport = transportFailure(error);
    if (transport === 'timeout') return make('TIMEOUT', 'the request timed out; raise timeoutMs (providers.gcp.timeout) or retry later.', true);
    if (transport === 'network') {
      const which = networkCodeOf(error) ?? code;
      return make('UNAVAILABLE', `the connection to the endpoint failed${which ? ` (${which})` : ''}; check that it is reachable, or retry later.`, true);
    }
    return make('INTERNAL', `unexpected failure${code ? ` (${code})` : ''}; see the cause.`, false);
  }
  const reason = typeof e?.errors?.[0]?.reason === 'string' ? ` (${e.errors[0].reason})` : '';
  switch (true) {
    case status === 400:
      return make('INVALID_ARGUMENT', `GCS refused the request as invalid${reason}; check the key, metadata and options.`, false);
    case status === 401:
      return make('UNAUTHENTICATED', 'GCS refused the credentials (401). Set keyFilename or credentials (providers.gcp.credentials_file), or GOOGLE_APPLICATION_CREDENTIALS, to a valid service-account key.', false);
    case status === 403:
      return make('PERMISSION_DENIED', `the credentials are not allowed to ${ctx.action} in bucket ${ctx.bucket}${reason}; grant them a storage role on it (roles/storage.objectUser).`, false);
    case status === 404:
      if (isBucketMissing(error)) return make('NOT_FOUND', `bucket ${ctx.bucket} does not exist; create it, fix the bucket name, or set createBucket: true (providers.gcp.create_bucket).`, false);
      return make('NOT_FOUND', 'the object does not exist.', false);
    case status === 409:
      return make('ALREADY_EXISTS', `it already exists${reason}.`, false);
    case status === 412 || status === 304:
      return make('PRECONDITION_FAILED', 'the object changed since it was read (its generation differs); re-read and retry.', false);
    case status === 416:
      return make('INVALID_ARGUMENT', 'the range starts past the end of the object.', false);
    case status === 408:
      return make('TIMEOUT', 'GCS timed out waiting for the request; retry later.', true);
    case status === 429:
      return make('UNAVAILABLE', 'GCS is rate-limiting requests (429); retry later or lower the request rate.', true);
    case status >= 500:
      return make('UNAVAILABLE', `GCS failed on its side (${status}${reason}); retry later.`, true);
    default:
      return make('INTERNAL', `GCS answered ${status}${reason}; see the cause.`, false);
  }
}
