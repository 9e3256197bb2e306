import { S3ServiceException } from '@aws-sdk/client-s3';
import { StorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { mapS3Error } from '../src/index';

/** An error shaped exactly as the SDK throws for an S3 error answer. */
function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, requestId: 'REQ1' }, message: `${name} from S3` });
}

const context = { bucket: 'docs', key: 'users/1.json' };

describe('mapS3Error', () => {
  it.each([
    ['NoSuchKey', 404, 'NOT_FOUND', false],
    ['NotFound', 404, 'NOT_FOUND', false],
    ['NoSuchBucket', 404, 'NOT_FOUND', false],
    ['PreconditionFailed', 412, 'PRECONDITION_FAILED', false],
    ['ConditionalRequestConflict', 409, 'PRECONDITION_FAILED', false],
    ['AccessDenied', 403, 'PERMISSION_DENIED', false],
    ['InvalidAccessKeyId', 403, 'UNAUTHENTICATED', false],
    ['SignatureDoesNotMatch', 403, 'UNAUTHENTICATED', false],
    ['ExpiredToken', 400, 'UNAUTHENTICATED', false],
    ['Unauthorized', 401, 'UNAUTHENTICATED', false],
    ['SlowDown', 503, 'UNAVAILABLE', true],
    ['ServiceUnavailable', 503, 'UNAVAILABLE', true],
    ['TooManyRequests', 429, 'UNAVAILABLE', true],
    ['InternalError', 500, 'UNAVAILABLE', true],
    ['BadGateway', 502, 'UNAVAILABLE', true],
    ['RequestTimeout', 400, 'UNAVAILABLE', true],
    ['OperationAborted', 409, 'UNAVAILABLE', true],
    ['InvalidRange', 416, 'INVALID_ARGUMENT', false],
    ['EntityTooLarge', 400, 'INVALID_ARGUMENT', false],
    ['PermanentRedirect', 301, 'INVALID_ARGUMENT', false],
    ['BucketAlreadyExists', 409, 'ALREADY_EXISTS', false],
    ['BadDigest', 400, 'CORRUPT_DATA', true],
    ['NotImplemented', 501, 'UNSUPPORTED', false],
    ['Teapot', 418, 'INTERNAL', false],
  ] as const)('%s (%i) -> %s, retryable %s', (name, status, code, retryable) => {
    const mapped = mapS3Error(s3Error(name, status), context);
    expect(mapped).toBeInstanceOf(StorageError);
    expect(mapped.code).toBe(code);
    expect(mapped.retryable).toBe(retryable);
    expect(mapped.provider).toBe('s3');
    expect(mapped.details).toMatchObject({ status, s3Code: name, requestId: 'REQ1' });
  });

  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'UNAVAILABLE'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'TimeoutError' }), 'UNAVAILABLE'],
    [Object.assign(new Error('getaddrinfo ENOTFOUND s3.example'), { code: 'ENOTFOUND' }), 'UNAVAILABLE'],
    [Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT', name: 'TimeoutError' }), 'TIMEOUT'],
    [Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'UNAUTHENTICATED'],
    [new Error('Region is missing'), 'INVALID_ARGUMENT'],
    [Object.assign(new Error('Request aborted'), { name: 'AbortError' }), 'ABORTED'],
  ])('%s -> %s', (error, code) => {
    expect(mapS3Error(error, context).code).toBe(code);
  });

  it('names the missing permission and the object, and keeps the SDK error, scrubbed, as the cause only', () => {
    const original = s3Error('AccessDenied', 403);
    const mapped = mapS3Error(original, { ...context, action: 's3:PutObject' });
    expect(mapped.message).toContain('s3:PutObject');
    expect(mapped.message).toContain('users/1.json');
    expect(mapped.message).not.toContain('AccessDenied from S3');
    expect(mapped.cause).toMatchObject({ name: original.name, message: original.message, $metadata: { httpStatusCode: 403, requestId: 'REQ1' } });
    expect(mapped.toJSON()).not.toHaveProperty('cause');
  });

  it('reports ABORTED when the caller aborted, whatever the SDK threw', () => {
    const controller = new AbortController();
    controller.abort();
    expect(mapS3Error(s3Error('InternalError', 500), { ...context, signal: controller.signal }).code).toBe('ABORTED');
  });

  it('passes StorageErrors through unchanged', () => {
    const error = new StorageError('INVALID_ARGUMENT', 'bad');
    expect(mapS3Error(error, context)).toBe(error);
  });
});
