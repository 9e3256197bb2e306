import { describe, expect, it } from 'vitest';
import { parseConnectionString } from '../src/auth/connection-string';
import { toStorageError } from '../src/errors';

// Failures shaped as the SDK raises them (RestError: statusCode + x-ms-error-code; network
// errors: code; aborts and @azure/identity errors: name), for the cases no emulator produces.
const context = { operation: 'put', container: 'docs', key: 'a/b.json' };

describe('mapping SDK failures onto StorageError', () => {
  const cases: Array<[string, object, object, string, boolean]> = [
    ['429 throttling', { name: 'RestError', statusCode: 429, code: 'TooManyRequests' }, {}, 'UNAVAILABLE', true],
    ['503 ServerBusy', { name: 'RestError', statusCode: 503, code: 'ServerBusy' }, {}, 'UNAVAILABLE', true],
    ['500 InternalError', { name: 'RestError', statusCode: 500, code: 'InternalError' }, {}, 'UNAVAILABLE', true],
    ['502 from a gateway', { name: 'RestError', statusCode: 502 }, {}, 'UNAVAILABLE', true],
    ['504 gateway timeout', { name: 'RestError', statusCode: 504 }, {}, 'UNAVAILABLE', true],
    ['408 OperationTimedOut', { name: 'RestError', statusCode: 408, code: 'OperationTimedOut' }, {}, 'TIMEOUT', true],
    ['401', { name: 'RestError', statusCode: 401 }, {}, 'UNAUTHENTICATED', false],
    ['403 AuthenticationFailed', { name: 'RestError', statusCode: 403, code: 'AuthenticationFailed' }, {}, 'UNAUTHENTICATED', false],
    ['403 on HEAD (no body, no code)', { name: 'RestError', statusCode: 403 }, {}, 'UNAUTHENTICATED', false],
    ['403 AuthorizationPermissionMismatch', { name: 'RestError', statusCode: 403, code: 'AuthorizationPermissionMismatch' }, {}, 'PERMISSION_DENIED', false],
    ['404 BlobNotFound', { name: 'RestError', statusCode: 404, code: 'BlobNotFound' }, {}, 'NOT_FOUND', false],
    ['404 ContainerNotFound', { name: 'RestError', statusCode: 404, code: 'ContainerNotFound' }, {}, 'NOT_FOUND', false],
    ['404 of a conditional put', { name: 'RestError', statusCode: 404, code: 'BlobNotFound' }, { conditional: true }, 'PRECONDITION_FAILED', false],
    ['409 BlobAlreadyExists with ifNoneMatch', { name: 'RestError', statusCode: 409, code: 'BlobAlreadyExists' }, { conditional: true }, 'PRECONDITION_FAILED', false],
    ['409 BlobAlreadyExists without a condition', { name: 'RestError', statusCode: 409, code: 'BlobAlreadyExists' }, {}, 'ALREADY_EXISTS', false],
    ['409 LeaseIdMissing', { name: 'RestError', statusCode: 409, code: 'LeaseIdMissing' }, {}, 'UNAVAILABLE', true],
    ['412 ConditionNotMet', { name: 'RestError', statusCode: 412, code: 'ConditionNotMet' }, {}, 'PRECONDITION_FAILED', false],
    ['413 RequestBodyTooLarge', { name: 'RestError', statusCode: 413, code: 'RequestBodyTooLarge' }, {}, 'INVALID_ARGUMENT', false],
    ['416 InvalidRange', { name: 'RestError', statusCode: 416, code: 'InvalidRange' }, {}, 'INVALID_ARGUMENT', false],
    ['400 InvalidMetadata', { name: 'RestError', statusCode: 400, code: 'InvalidMetadata' }, {}, 'INVALID_ARGUMENT', false],
    ['connection reset', { name: 'RestError', code: 'ECONNRESET', message: 'socket hang up' }, {}, 'UNAVAILABLE', true],
    ['connection refused', { name: 'RestError', code: 'ECONNREFUSED' }, {}, 'UNAVAILABLE', true],
    ['unknown host', { name: 'RestError', code: 'ENOTFOUND' }, {}, 'UNAVAILABLE', false],
    // Transport failures are classified by core's shared classifier, as in every backend.
    ['a reset wrapped in its cause', { name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNRESET' } }, {}, 'UNAVAILABLE', true],
    ['host down', { name: 'RestError', code: 'EHOSTDOWN' }, {}, 'UNAVAILABLE', true],
    ['a connect timeout of undici', { name: 'RestError', code: 'UND_ERR_CONNECT_TIMEOUT' }, {}, 'TIMEOUT', true],
    ['socket timeout', { name: 'RestError', code: 'ESOCKETTIMEDOUT' }, {}, 'TIMEOUT', true],
    ['abort without the caller asking', { name: 'AbortError', message: 'The operation was aborted.' }, {}, 'TIMEOUT', true],
    ['attempts that timed out', { name: 'RestError', code: 'ETIMEDOUT' }, {}, 'TIMEOUT', true],
    ['managed identity unavailable', { name: 'CredentialUnavailableError', message: 'no identity' }, {}, 'UNAUTHENTICATED', false],
    ['token refused', { name: 'AuthenticationError', message: 'bad client' }, {}, 'UNAUTHENTICATED', false],
  ];

  it.each(cases)('%s', (_label, error, extra, code, retryable) => {
    const mapped = toStorageError(error, { ...context, ...extra });
    expect(mapped.code).toBe(code);
    expect(mapped.retryable).toBe(retryable);
    expect(mapped.provider).toBe('azure');
    expect(mapped.key).toBe('a/b.json');
    expect(mapped.message).toContain('a/b.json');
  });

  it('reads the error code of a HEAD answer from its header', () => {
    const headers = { get: (name: string) => (name === 'x-ms-error-code' ? 'ContainerNotFound' : undefined) };
    const mapped = toStorageError({ name: 'RestError', statusCode: 404, response: { headers } }, context);
    expect(mapped.message).toContain('create_container');
  });

  it('tells an abort by the caller from a timeout', () => {
    const controller = new AbortController();
    controller.abort();
    expect(toStorageError({ name: 'AbortError' }, { ...context, signal: controller.signal }).code).toBe('ABORTED');
  });

  it('never copies the service message, which may echo a signature', () => {
    const mapped = toStorageError({ name: 'RestError', statusCode: 403, code: 'AuthenticationFailed', message: "Signature 'c2lnbmF0dXJl' did not match" }, context);
    expect(mapped.message).not.toContain('c2lnbmF0dXJl');
    expect(JSON.stringify(mapped)).not.toContain('c2lnbmF0dXJl');
  });
});

describe('connection strings', () => {
  it('reads account key strings, building the endpoint from protocol and suffix', () => {
    expect(parseConnectionString('DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5==;EndpointSuffix=core.chinacloudapi.cn')).toEqual({
      accountName: 'acct',
      accountKey: 'a2V5==',
      sasToken: undefined,
      blobEndpoint: 'https://acct.blob.core.chinacloudapi.cn',
    });
    expect(parseConnectionString('AccountName=acct;AccountKey=k')).toMatchObject({ blobEndpoint: 'https://acct.blob.core.windows.net' });
  });

  it('reads SAS strings with an explicit blob endpoint, and the development shortcut', () => {
    expect(parseConnectionString('BlobEndpoint=https://x.blob.core.windows.net/;SharedAccessSignature=sv=1&sig=2')).toMatchObject({
      blobEndpoint: 'https://x.blob.core.windows.net',
      sasToken: 'sv=1&sig=2',
    });
    expect(parseConnectionString('UseDevelopmentStorage=true')).toMatchObject({ accountName: 'devstoreaccount1', blobEndpoint: 'http://127.0.0.1:10000/devstoreaccount1' });
  });

  it('names what is missing without repeating values', () => {
    for (const text of ['AccountName=acct', 'AccountKey=c2VjcmV0', 'nonsense', 'BlobEndpoint=not a url;AccountKey=c2VjcmV0;AccountName=a']) {
      const parsed = parseConnectionString(text);
      expect('problem' in parsed).toBe(true);
      expect(JSON.stringify(parsed)).not.toContain('c2VjcmV0');
    }
  });
});
