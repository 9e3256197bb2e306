import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { type ObjectInfo, type PutBody, type PutOptions, StorageError, isStorageError } from '@agentmap/storage-core';
import { abortError, assertBody, bytesOf, chunksOf, isStreamBody, scrubCause, toReadable } from '@agentmap/storage-core/kit';
import { preconditionFailed, writeCondition } from './conditions';
import type { GcsContext } from './context';
import { PROVIDER, isTransient } from './errors';
import { type WriteMetadata, objectMetadata } from './metadata';
import { type ObjectResource, infoOf } from './object-info';
import { readPrefix } from './resumable/stream-prefix';
import { UploadFailure, uploadResumable } from './resumable/upload';
import { requestWithRetries } from './retry';

interface UploadSpec {
  key: string;
  /** `ifGenerationMatch` for GCS; `0` means "must not exist". */
  ifGenerationMatch: string | undefined;
  metadata: WriteMetadata;
  signal: AbortSignal | undefined;
}

/**
 * Writes an object.
 * - Unconditional writes up to `resumableThreshold` bytes: one multipart request. Repeating
 *   it after a failure is harmless, so it is retried (`retries`).
 * - Larger bodies, streams that grow past the threshold, and every conditional write: a
 *   resumable session, `chunkSize` bytes per request. The session knows whether it
 *   committed, so a conditional write whose answer is lost is confirmed, never applied twice.
 * Preconditions become `ifGenerationMatch`, checked by GCS atomically with the commit.
 */
export async function putObject(ctx: GcsContext, key: string, body: PutBody, options: PutOptions): Promise<ObjectInfo> {
  assertBody(body);
  const condition = writeCondition(options, key);
  if ('never' in condition) {
    throw preconditionFailed(key, ctx.options.bucket, `ifMatch ${JSON.stringify(options.ifMatch)} is not a generation of this object${options.ifNoneMatch ? " (and ifNoneMatch: '*' contradicts it)" : ''}`);
  }
  const spec: UploadSpec = {
    key,
    ifGenerationMatch: condition.ifGenerationMatch,
    metadata: objectMetadata(options, ctx.options.storageClass),
    signal: options.signal,
  };
  if (!isStreamBody(body)) return infoOf(key, await uploadBytes(ctx, spec, bytesOf(body)));

  const source = toReadable(body);
  let sourceError: unknown;
  source.once('error', (error) => (sourceError = error));
  const limit = options.contentLength !== undefined && options.contentLength <= ctx.options.resumableThreshold ? options.contentLength : ctx.options.resumableThreshold;
  try {
    // The kit's chunks: an abort (a caller's, or a timeout layer's) ends a stalled body at once.
    const prefix = await readPrefix(chunksOf(source, options.signal, PROVIDER), limit);
    if (!prefix.rest) return infoOf(key, await uploadBytes(ctx, spec, prefix.bytes));
    return infoOf(key, await resumable(ctx, spec, prefix.rest));
  } catch (error) {
    if (sourceError !== undefined) throw bodyStreamFailed(key, sourceError);
    throw error;
  }
}

async function uploadBytes(ctx: GcsContext, spec: UploadSpec, data: Uint8Array): Promise<ObjectResource> {
  if (spec.ifGenerationMatch !== undefined || data.byteLength > ctx.options.resumableThreshold) {
    return resumable(ctx, spec, (async function* () {
      yield data;
    })());
  }
  try {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return await requestWithRetries(ctx.retry(spec.signal), () => simple(ctx, spec, bytes));
  } catch (error) {
    throw ctx.fail(error, 'write', spec.key);
  }
}

/** One multipart request through the SDK. */
async function simple(ctx: GcsContext, spec: UploadSpec, data: Buffer): Promise<ObjectResource> {
  const file = ctx.file(spec.key);
  const stream = file.createWriteStream({ resumable: false, metadata: spec.metadata, ...(ctx.options.userProject ? { userProject: ctx.options.userProject } : {}) });
  const signal = spec.signal;
  const onAbort = () => stream.destroy(abortError(signal, PROVIDER));
  signal?.addEventListener('abort', onAbort, { once: true });
  // The first failure says why (an unusable key fails signing); later ones only say the
  // stream was destroyed by it.
  let first: unknown;
  stream.on('error', (error: unknown) => (first ??= error));
  try {
    stream.end(data);
    // 'finish' comes once GCS answered and file.metadata holds the new resource.
    await once(stream, 'finish');
  } catch (error) {
    const failure = first ?? error;
    // The SDK destroys the upload stream when it cannot sign the request, and drops why. Ask
    // the credentials themselves, so an unusable key is reported as such (UNAUTHENTICATED).
    if ((failure as { code?: unknown } | undefined)?.code === 'ERR_STREAM_DESTROYED') {
      await ctx.storage.authClient.getAccessToken();
    }
    throw failure;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return remember(ctx, spec.key, file.metadata);
}

/** A resumable session fed from bytes or a stream. */
async function resumable(ctx: GcsContext, spec: UploadSpec, source: AsyncIterable<Uint8Array> | Readable): Promise<ObjectResource> {
  try {
    const resource = await uploadResumable(
      {
        file: ctx.file(spec.key),
        session: {
          metadata: spec.metadata,
          ...(spec.ifGenerationMatch === undefined ? {} : { preconditionOpts: { ifGenerationMatch: String(spec.ifGenerationMatch) } }),
          ...(ctx.options.userProject ? { userProject: ctx.options.userProject } : {}),
        },
        chunkSize: ctx.options.chunkSize,
        retry: ctx.retry(spec.signal),
      },
      source as AsyncIterable<Uint8Array>,
    );
    return remember(ctx, spec.key, resource);
  } catch (error) {
    if (!(error instanceof UploadFailure)) throw error;
    if (error.outcomeUnknown && isTransient(error.failure)) {
      throw new StorageError(
        'UNAVAILABLE',
        `Could not confirm the write of gs://${ctx.options.bucket}/${spec.key}: its final request went unanswered, so it may or may not be stored. Read it (head) before writing again.`,
        { provider: PROVIDER, key: spec.key, cause: scrubCause(error.failure), retryable: false },
      );
    }
    throw ctx.fail(error.failure, 'write', spec.key);
  }
}

function remember(ctx: GcsContext, key: string, resource: ObjectResource): ObjectResource {
  ctx.cache.remember(key, resource);
  return resource;
}

/** The caller's body stream failed: nothing is committed (GCS only commits a complete upload). */
function bodyStreamFailed(key: string, cause: unknown): StorageError {
  if (isStorageError(cause)) return cause;
  const why = cause instanceof Error ? cause.message : String(cause);
  return new StorageError('INVALID_ARGUMENT', `The body stream for "${key}" failed before it ended (${why}); nothing was stored. Pass a stream that ends normally.`, {
    provider: PROVIDER,
    key,
    cause: scrubCause(cause),
  });
}
