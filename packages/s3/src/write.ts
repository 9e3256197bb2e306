import { type Readable, pipeline } from 'node:stream';
import { PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { type ObjectInfo, type PutBody, type PutOptions, StorageError, isStorageError } from '@agentmap/storage-core';
import { abortError, bytesOf, isStreamBody, scrubCause, toReadable } from '@agentmap/storage-core/kit';
import type { StoreContext } from './context';
import { PROVIDER, mapS3Error, unsupportedConditions } from './errors';
import { checkMetadata } from './metadata';
import { ByteCounter } from './upload/byte-counter';
import { uploadInParts } from './upload/multipart';

/** Content type of objects written without one, as on every other backend. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** The body, checked and in the form the upload needs. */
type Payload = { bytes: Uint8Array } | { stream: Readable };

/**
 * Creates or replaces an object. Bodies of known size up to `multipartThreshold` go in one
 * PutObject (streamed, never buffered); larger bodies, and streams of unknown length, go
 * through lib-storage's Upload, which sends `partSize` parts `queueSize` at a time (so memory
 * stays near partSize × queueSize) and falls back to one PutObject when the stream ends
 * within the first part. Preconditions travel as If-Match / If-None-Match, which S3 checks
 * atomically on PutObject and CompleteMultipartUpload.
 */
export async function putObject(context: StoreContext, key: string, body: PutBody, options: PutOptions): Promise<ObjectInfo> {
  checkConditions(context, key, options);
  const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
  const metadata = checkMetadata(options.metadata, key);
  const payload: Payload = isStreamBody(body) ? { stream: toReadable(body) } : { bytes: bytesOf(body) };

  const params: PutObjectCommandInput = {
    Bucket: context.options.bucket,
    Key: key,
    ContentType: contentType,
    ...(metadata === undefined ? {} : { Metadata: metadata }),
    ...(options.ifMatch === undefined ? {} : { IfMatch: options.ifMatch }),
    ...(options.ifNoneMatch === undefined ? {} : { IfNoneMatch: options.ifNoneMatch }),
    ...context.sse,
  };
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let bodyError: unknown;
  let settled = false;
  let counter: ByteCounter | undefined;
  try {
    let etag: string | undefined;
    let size: number;
    if ('bytes' in payload) {
      size = payload.bytes.byteLength;
      etag = size > context.options.multipartThreshold ? await uploadInParts(context, params, payload.bytes, controller) : await putOnce(context, params, payload.bytes, size, controller);
    } else {
      const known = options.contentLength;
      const stream = new ByteCounter(key, known);
      counter = stream;
      pipeline(payload.stream, stream, (error) => {
        if (error && !settled) {
          bodyError = error;
          controller.abort();
        }
      });
      etag = known !== undefined && known <= context.options.multipartThreshold ? await putOnce(context, params, stream, known, controller) : await uploadInParts(context, params, stream, controller);
      size = stream.count;
    }
    return { key, size, etag: etag ?? '', lastModified: new Date(), contentType, metadata: metadata ?? {} };
  } catch (error) {
    if (bodyError !== undefined) throw bodyFailure(bodyError, key);
    if (options.signal?.aborted) throw abortError(options.signal, PROVIDER);
    const mapped = mapS3Error(error, { bucket: context.options.bucket, key, action: 's3:PutObject' });
    // S3 answers If-Match on a missing object with 404; the contract calls that a failed precondition.
    if (options.ifMatch !== undefined && mapped.code === 'NOT_FOUND' && mapped.details?.s3Code !== 'NoSuchBucket') {
      throw new StorageError('PRECONDITION_FAILED', `Object "${key}" does not exist, so ifMatch ${options.ifMatch} cannot match; re-read and retry.`, {
        provider: PROVIDER,
        key,
        cause: scrubCause(error),
      });
    }
    throw mapped;
  } finally {
    settled = true;
    options.signal?.removeEventListener('abort', onAbort);
    if (counter && !counter.writableFinished) {
      counter.destroy();
      // The caller's stream too, at once: the pipeline would only get to it a tick later.
      if ('stream' in payload) payload.stream.destroy();
    }
  }
}

function checkConditions(context: StoreContext, key: string, options: PutOptions): void {
  if (!context.options.conditionalWrites && (options.ifMatch !== undefined || options.ifNoneMatch !== undefined)) {
    throw unsupportedConditions(key);
  }
  if (options.contentLength !== undefined && (!Number.isSafeInteger(options.contentLength) || options.contentLength < 0)) {
    throw new StorageError('INVALID_ARGUMENT', `contentLength must be a non-negative integer; got ${String(options.contentLength)}.`, { provider: PROVIDER, key });
  }
}

async function putOnce(context: StoreContext, params: PutObjectCommandInput, body: Uint8Array | Readable, size: number, controller: AbortController): Promise<string | undefined> {
  // A large body may take longer than one request timeout to send; it is then bounded by
  // socket inactivity instead of total time.
  const long = size > context.options.partSize;
  const out = await context.client.send(new PutObjectCommand({ ...params, Body: body, ContentLength: size }), {
    abortSignal: controller.signal,
    ...(long ? { requestTimeout: 0 } : {}),
  });
  return out.ETag;
}

function bodyFailure(error: unknown, key: string): StorageError {
  if (isStorageError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError('INVALID_ARGUMENT', `Reading the body of "${key}" failed (${reason}); nothing was stored. Retry with a body that can be read to the end.`, {
    provider: PROVIDER,
    key,
    cause: scrubCause(error),
  });
}
