import { type ErrorCode, StorageError, isStorageError } from '@agentmap/storage-core';
import { abortError, classifyNetworkError, markReplayedConflict, networkCodeOf, scrubCause } from '@agentmap/storage-core/kit';

/** The provider name on every error and store of this package. */
export const PROVIDER = 's3';

/** What a failed call was doing, for the message. */
export interface ErrorContext {
  bucket: string;
  key?: string;
  signal?: AbortSignal;
  /** The IAM action the call needs, named in PERMISSION_DENIED messages: `s3:PutObject`. */
  action?: string;
}

/** The fields AWS SDK and Node errors carry; all optional because anything may be thrown. */
interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $response?: { statusCode?: number };
}

const CREDENTIAL_HINT =
  'set providers.aws.access_key and providers.aws.secret_key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; ' +
  'add session_token / AWS_SESSION_TOKEN for temporary keys), or run where an instance or container role is available';

const UNAUTHENTICATED_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired', 'MissingSecurityHeader']);
const THROTTLING_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequests', 'TooManyRequestsException']);
const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'InternalError', 'OperationAborted', 'RequestTimeout', 'RequestTimeTooSkewed', 'ServiceException']);
const INVALID_CODES = new Set([
  'InvalidArgument',
  'InvalidRequest',
  'InvalidRange',
  'EntityTooLarge',
  'EntityTooSmall',
  'KeyTooLongError',
  'MetadataTooLarge',
  'MalformedXML',
  'InvalidBucketName',
  'InvalidStorageClass',
  'InvalidEncryptionAlgorithmError',
  'BucketNotEmpty',
  'InvalidPart',
  'InvalidPartOrder',
  'NoSuchUpload',
]);

/**
 * Maps anything the AWS SDK (or the socket under it) throws onto a {@link StorageError} whose
 * message says what to do next. The SDK error, scrubbed of
 * credentials and request internals (scrubCause), stays as `cause`; messages carry S3's error
 * code and HTTP status, never credentials.
 */
export function mapS3Error(error: unknown, context: ErrorContext): StorageError {
  if (isStorageError(error)) return error;
  if (context.signal?.aborted) return abortError(context.signal, PROVIDER);
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const s3Code = e.Code ?? (typeof e.code === 'string' ? e.code : undefined) ?? e.name ?? 'Unknown';
  const subject = context.key === undefined ? `bucket "${context.bucket}"` : `"${context.key}" in s3://${context.bucket}`;
  const said = status === undefined ? `(${s3Code})` : `(S3 ${status} ${s3Code})`;
  const make = (code: ErrorCode, message: string, retryable?: boolean) =>
    new StorageError(code, message, {
      provider: PROVIDER,
      cause: scrubCause(error),
      ...(context.key === undefined ? {} : { key: context.key }),
      ...(retryable === undefined ? {} : { retryable }),
      details: { ...(status === undefined ? {} : { status }), s3Code, ...(e.$metadata?.requestId ? { requestId: e.$metadata.requestId } : {}) },
    });

  if (e.name === 'AbortError') return make('ABORTED', `The call on ${subject} was aborted.`);
  if (e.name === 'CredentialsProviderError' || /could not load credentials/i.test(e.message ?? '')) {
    return make('UNAUTHENTICATED', `No AWS credentials were found for s3://${context.bucket}: ${CREDENTIAL_HINT}.`);
  }
  if (/region is missing/i.test(e.message ?? '')) {
    return make('INVALID_ARGUMENT', `No AWS region is configured for s3://${context.bucket}: set providers.aws.region (or AWS_REGION).`);
  }
  // Only failures without an HTTP answer are transport failures. The SDK renames resets to
  // TimeoutError but keeps their code, which the classifier looks at first.
  const transport = status === undefined ? classifyNetworkError(error) : undefined;
  if (transport === 'network') {
    const via = networkCodeOf(error);
    return make('UNAVAILABLE', `Could not reach S3 for ${subject} ${via === undefined ? said : `(${via})`}: retry; if it persists check providers.aws.endpoint / region and the network.`, true);
  }
  if (transport === 'timeout') {
    return make('TIMEOUT', `S3 did not answer in time for ${subject}; retry, or raise timeoutMs (providers.aws.timeout).`, true);
  }
  if (s3Code === 'NoSuchBucket') {
    return make('NOT_FOUND', `Bucket "${context.bucket}" does not exist: create it, or set createBucket: true (providers.aws.create_bucket).`);
  }
  if (s3Code === 'NoSuchKey' || s3Code === 'NotFound' || status === 404) {
    return make('NOT_FOUND', `Object ${subject} does not exist.`);
  }
  if (s3Code === 'PreconditionFailed' || s3Code === 'ConditionalRequestConflict' || status === 412) {
    const refused = make('PRECONDITION_FAILED', `${capital(subject)} changed since it was read ${said}; re-read it and retry.`);
    // Refused on the SDK's own replay: the change may be that call's earlier, unanswered attempt.
    return (e.$metadata?.attempts ?? 1) > 1 ? markReplayedConflict(refused) : refused;
  }
  if (UNAUTHENTICATED_CODES.has(s3Code) || status === 401) {
    return make('UNAUTHENTICATED', `S3 rejected the credentials for s3://${context.bucket} ${said}: check them — ${CREDENTIAL_HINT}.`);
  }
  if (s3Code === 'PermanentRedirect' || s3Code === 'AuthorizationHeaderMalformed' || status === 301) {
    return make('INVALID_ARGUMENT', `Bucket "${context.bucket}" is in another region ${said}: set providers.aws.region (or AWS_REGION) to the bucket's region.`);
  }
  if (s3Code === 'BucketAlreadyExists' || s3Code === 'BucketAlreadyOwnedByYou') {
    return make('ALREADY_EXISTS', `Bucket "${context.bucket}" already exists ${said}; bucket names are global: choose another name or use the existing bucket.`);
  }
  if (s3Code === 'BadDigest' || s3Code === 'InvalidDigest' || /checksum mismatch/i.test(e.message ?? '')) {
    return make('CORRUPT_DATA', `The bytes of ${subject} were corrupted in transit ${said}; retry the call.`, true);
  }
  if (THROTTLING_CODES.has(s3Code) || status === 429) {
    return make('UNAVAILABLE', `S3 is throttling requests on ${subject} ${said}; retry with backoff or lower concurrency.`, true);
  }
  if (UNAVAILABLE_CODES.has(s3Code) || (status !== undefined && status >= 500 && status !== 501)) {
    return make('UNAVAILABLE', `S3 could not serve ${subject} right now ${said}; retry.`, true);
  }
  if (s3Code === 'AccessDenied' || s3Code === 'AllAccessDisabled' || status === 403) {
    const action = context.action ? ` grant ${context.action} on arn:aws:s3:::${context.bucket}${context.key === undefined ? '' : '/*'} to these credentials` : ' check the bucket policy and IAM permissions';
    return make('PERMISSION_DENIED', `Access to ${subject} was denied ${said}:${action}.`);
  }
  if (s3Code === 'NotImplemented' || status === 501 || status === 405) {
    return make('UNSUPPORTED', `This S3 endpoint does not support the call on ${subject} ${said}.`);
  }
  if (INVALID_CODES.has(s3Code) || status === 400 || status === 416) {
    return make('INVALID_ARGUMENT', `S3 refused the request on ${subject} ${said}; check the key, range, size and options.`);
  }
  if (status === 409) {
    return make('PRECONDITION_FAILED', `The call on ${subject} conflicts with another operation ${said}; re-read and retry.`);
  }
  return make('INTERNAL', `S3 call on ${subject} failed unexpectedly ${said}.`);
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The error for a conditional call on a store whose server ignores conditions. */
export function unsupportedConditions(key: string): StorageError {
  return new StorageError(
    'UNSUPPORTED',
    `This S3 endpoint does not enforce If-Match / If-None-Match (conditionalWrites: false), so "${key}" cannot be written conditionally; use Amazon S3, MinIO or R2, or write without conditions.`,
    { provider: PROVIDER, key },
  );
}
