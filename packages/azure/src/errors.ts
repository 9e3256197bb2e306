import { type ErrorCode, StorageError, isStorageError } from '@agentmap/storage-core';
import { abortError, classifyNetworkError, markReplayedConflict, networkCodeOf, scrubCause } from '@agentmap/storage-core/kit';

/** The provider name carried by every error and metric of this package. */
export const PROVIDER = 'azure';

/** What the store was doing when an SDK call failed, so the message can say what to do next. */
export interface FailureContext {
  /** `get`, `put`, `delete`… */
  operation: string;
  container: string;
  key?: string;
  /** The call carried `ifMatch` / `ifNoneMatch`: a 409 BlobAlreadyExists is then a failed precondition. */
  conditional?: boolean;
  /** The caller's signal: an abort it caused is `ABORTED`, any other abort is a timeout. */
  signal?: AbortSignal;
}

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  /** The real status of an answer the pipeline handed to the SDK's retry policy as a 503 (see client.ts). */
  answeredStatus?: number;
  response?: { headers?: { get(name: string): string | undefined } };
}

const AUTH_CODES = new Set(['AuthenticationFailed', 'AuthorizationFailure', 'InvalidAuthenticationInfo', 'NoAuthenticationInformation']);
const CREDENTIAL_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AuthenticationRequiredError', 'AggregateAuthenticationError']);

const CREDENTIAL_HINT =
  'check connection_string (AZURE_STORAGE_CONNECTION_STRING), account_name + account_key (AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY) or sas_token in providers.azure';

/**
 * Maps any failure of the Azure SDK (a `RestError`, a network error, an abort, a credential
 * error from `@azure/identity`) onto a {@link StorageError}. Messages name the key and the
 * Azure error code, never a secret or the service's own message (which may echo signatures).
 */
export function toStorageError(error: unknown, context: FailureContext): StorageError {
  if (isStorageError(error)) return error;
  const sdk = (error ?? {}) as SdkError;
  const subject = context.key === undefined ? `container "${context.container}"` : `"${context.key}" in container "${context.container}"`;
  const make = (code: ErrorCode, text: string, retryable?: boolean) =>
    new StorageError(code, `Azure ${context.operation} of ${subject} ${text}`, {
      provider: PROVIDER,
      cause: scrubCause(error),
      key: context.key,
      ...(retryable === undefined ? {} : { retryable }),
      details: { status: sdk.answeredStatus ?? sdk.statusCode, azureCode: azureCode(sdk) },
    });

  if (sdk.name === 'AbortError') {
    if (context.signal?.aborted) return abortError(context.signal, PROVIDER);
    return make('TIMEOUT', 'timed out waiting for the service: raise timeout (providers.azure.timeout, seconds) or check the endpoint.', true);
  }
  if (sdk.name !== undefined && CREDENTIAL_ERRORS.has(sdk.name)) {
    return make(
      'UNAUTHENTICATED',
      'could not get a token from the Azure credential (managed identity or default chain): run where an identity is assigned, set AZURE_CLIENT_ID for a user-assigned identity, or use connection_string / account_key instead.',
    );
  }
  if (typeof sdk.message === 'string' && sdk.message.includes('non-TLS')) {
    return make('UNAUTHENTICATED', 'needs an https endpoint: token credentials (managed identity, default chain) are never sent over http; use an https endpoint or an account key.');
  }
  if (sdk.code === 'ENOTFOUND') {
    return make('UNAVAILABLE', 'could not resolve the service host: check account_name or endpoint in providers.azure.', false);
  }
  // An answer of the service has a status; only failures without one are about the transport.
  const transport = sdk.statusCode === undefined ? classifyNetworkError(error) : undefined;
  if (transport === 'timeout') {
    return make('TIMEOUT', 'got no answer in time after the configured retries: raise timeout (providers.azure.timeout, seconds) or check the endpoint.', true);
  }
  if (transport === 'network') {
    const code = networkCodeOf(error) ?? 'connection failed';
    return make('UNAVAILABLE', `could not reach the service (${code}) after the configured retries: check that the endpoint is up, or raise retry_count.`, true);
  }
  const mapped = fromStatus(sdk, context, make);
  // Refused on the SDK's own replay (see countAttempts): the change may be that call's earlier, unanswered attempt.
  return mapped.code === 'PRECONDITION_FAILED' && sdk.response?.headers?.get(REPLAYED_HEADER) !== undefined ? markReplayedConflict(mapped) : mapped;
}

/** Set by the client's attempt counter on a response to a repeated attempt. */
export const REPLAYED_HEADER = 'x-agentmap-replayed';

function fromStatus(sdk: SdkError, context: FailureContext, make: (code: ErrorCode, text: string, retryable?: boolean) => StorageError): StorageError {
  const status = sdk.answeredStatus ?? sdk.statusCode ?? 0;
  const code = azureCode(sdk);
  const tag = code ? `${status} ${code}` : String(status);
  switch (status) {
    case 400:
      return make('INVALID_ARGUMENT', `was refused as invalid (${tag}): check the key, metadata and options.`);
    case 401:
      return make('UNAUTHENTICATED', `was not authenticated (${tag}): ${CREDENTIAL_HINT}.`);
    case 403:
      if (code === undefined || AUTH_CODES.has(code)) return make('UNAUTHENTICATED', `was not authenticated (${tag}): ${CREDENTIAL_HINT}.`);
      return make('PERMISSION_DENIED', `is not permitted (${tag}): grant the identity or SAS token access to the container, or use another credential.`);
    case 404:
      if (code === 'ContainerNotFound') {
        return make('NOT_FOUND', 'failed: the container does not exist; create it, or let the store create it (createContainer / providers.azure.create_container: true).');
      }
      if (context.conditional && context.operation === 'put') return make('PRECONDITION_FAILED', 'failed: the object does not exist, so ifMatch cannot match; re-read and retry.');
      return make('NOT_FOUND', 'failed: the object does not exist.');
    case 409:
      if (context.conditional && code === 'BlobAlreadyExists') {
        return make('PRECONDITION_FAILED', "failed: the object already exists (ifNoneMatch: '*'); read it and retry, or write without the condition.");
      }
      if (code === 'BlobAlreadyExists' || code === 'ContainerAlreadyExists') return make('ALREADY_EXISTS', `failed: it already exists (${tag}).`);
      if (code === 'ContainerBeingDeleted' || code?.startsWith('Lease')) return make('UNAVAILABLE', `failed: the object is busy (${tag}); retry later.`, true);
      return make('PRECONDITION_FAILED', `conflicted with the object's current state (${tag}); re-read and retry.`);
    case 412:
      return make('PRECONDITION_FAILED', `failed its precondition (${tag}): the object changed since it was read; re-read and retry.`);
    case 413:
      return make('INVALID_ARGUMENT', `was refused as too large (${tag}): lower blockSize or multipartThreshold.`);
    case 416:
      return make('INVALID_ARGUMENT', `asked for a range past the end of the object (${tag}).`);
    case 408:
      return make('TIMEOUT', `timed out on the service side (${tag}); retry, or raise timeout.`, true);
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return make('UNAVAILABLE', `failed on the service side (${tag}) after the configured retries; retry later or raise retry_count.`, true);
    default:
      return make('INTERNAL', `failed unexpectedly (${tag || sdk.name || 'unknown error'}).`);
  }
}

/** The `x-ms-error-code` of a failure; HEAD answers carry it only as a header. */
function azureCode(sdk: SdkError): string | undefined {
  if (typeof sdk.code === 'string' && sdk.code !== '' && networkCodeOf({ code: sdk.code }) === undefined) return sdk.code;
  return sdk.response?.headers?.get('x-ms-error-code') ?? undefined;
}

/** The Azure error code of an SDK failure, for callers that branch on it (404 of a container vs a blob). */
export function azureErrorCode(error: unknown): string | undefined {
  return azureCode(error ?? {});
}

/** The HTTP status of an SDK failure, when it came from the service. */
export function statusOf(error: unknown): number | undefined {
  const sdk = error as SdkError | undefined;
  return sdk?.answeredStatus ?? sdk?.statusCode;
}
