import { Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { CreateWriteStreamOptions, File } from '@google-cloud/storage';
import {
  type ObjectInfo,
  type PutBody,
  type PutOptions,
  abortError,
  assertBody,
  bytesOf,
  isStreamBody,
  normaliseMetadata,
  throwIfAborted,
  toReadable,
  validateKey,
} from '@agentmap/storage-core';
import { preconditionFailed, writeCondition } from './conditions';
import type { GcsContext } from './context';
import { PROVIDER, isTransient } from './errors';
import { checkLanded } from './landed';
import { type ObjectResource, infoOf } from './object-info';
import { readPrefix } from './stream-prefix';

/**
 * Writes an object. Bodies up to `resumableThreshold` bytes go in one multipart request;
 * larger ones (and streams that grow past it) go through a resumable session in
 * `chunkSize` requests, so memory stays bounded and an interrupted upload resumes. Preconditions
 * become `ifGenerationMatch`, checked by GCS atomically with the write.
 */
export async function putObject(ctx: GcsContext, key: string, body: PutBody, options: PutOptions): Promise<ObjectInfo> {
  validateKey(key, PROVIDER);
  assertBody(body);
  throwIfAborted(options.signal, PROVIDER);
  const condition = writeCondition(options, key);
  if ('never' in condition) throw neverMatches(ctx, key, options);
  await ctx.ready();

  const upload: UploadSpec = {
    key,
    condition,
    metadata: {
      contentType: options.contentType ?? 'application/octet-stream',
      metadata: normaliseMetadata(options.metadata),
      ...(ctx.options.storageClass ? { storageClass: ctx.options.storageClass } : {}),
    },
    signal: options.signal,
  };

  let data: Uint8Array;
  if (isStreamBody(body)) {
    const limit = options.contentLength !== undefined && options.contentLength <= ctx.options.resumableThreshold ? options.contentLength : ctx.options.resumableThreshold;
    const prefix = await readPrefix(toReadable(body), limit, options.signal);
    if (prefix.rest) {
      try {
        return infoOf(key, await resumable(ctx, upload, prefix.rest));
      } catch (error) {
        // The stream was consumed: the caller cannot replay it, so this failure is final.
        throw ctx.fail(error, 'write', key, false);
      }
    }
    data = prefix.bytes;
  } else {
    data = bytesOf(body);
  }
  return infoOf(key, await uploadBytes(ctx, upload, data));
}

interface UploadSpec {
  key: string;
  condition: { ifGenerationMatch?: string };
  metadata: { contentType: string; metadata: Record<string, string>; storageClass?: string };
  signal: AbortSignal | undefined;
}

/** Uploads bytes held in memory; a conditional write that failed in transit is checked before anyone retries it. */
async function uploadBytes(ctx: GcsContext, spec: UploadSpec, data: Uint8Array): Promise<ObjectResource> {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  try {
    if (buffer.byteLength > ctx.options.resumableThreshold) return await resumable(ctx, spec, Readable.from([buffer]));
    return await simple(ctx, spec, buffer);
  } catch (error) {
    const generation = spec.condition.ifGenerationMatch;
    if (generation === undefined || !isTransient(error) || spec.signal?.aborted) throw ctx.fail(error, 'write', spec.key);
    const outcome = await checkLanded(ctx, spec.key, data, generation);
    if ('landed' in outcome) {
      ctx.cache.remember(spec.key, outcome.landed);
      return outcome.landed;
    }
    if ('superseded' in outcome) throw preconditionFailed(spec.key, ctx.options.bucket, 'another writer changed it first', error);
    // It did not land: safe to retry.
    throw ctx.fail(error, 'write', spec.key, true);
  }
}

function writeOptions(ctx: GcsContext, spec: UploadSpec, resumableUpload: boolean): CreateWriteStreamOptions {
  return {
    resumable: resumableUpload,
    metadata: spec.metadata,
    ...(spec.condition.ifGenerationMatch === undefined ? {} : { preconditionOpts: { ifGenerationMatch: Number(spec.condition.ifGenerationMatch) } }),
    ...(resumableUpload ? { chunkSize: ctx.options.chunkSize } : {}),
    ...(ctx.options.userProject ? { userProject: ctx.options.userProject } : {}),
  };
}

/** One multipart request. */
async function simple(ctx: GcsContext, spec: UploadSpec, data: Buffer): Promise<ObjectResource> {
  const file = ctx.file(spec.key);
  const stream = file.createWriteStream(writeOptions(ctx, spec, false));
  await withAbort(stream, spec.signal, async () => {
    stream.end(data);
    await finished(stream);
  });
  return remember(ctx, spec.key, file);
}

/** A resumable session fed from a stream, `chunkSize` bytes per request. */
async function resumable(ctx: GcsContext, spec: UploadSpec, source: Readable): Promise<ObjectResource> {
  const file = ctx.file(spec.key, undefined, ctx.uploadBucket);
  const stream = file.createWriteStream(writeOptions(ctx, spec, true));
  await withAbort(stream, spec.signal, () => pipeline(source, stream));
  return remember(ctx, spec.key, file);
}

function remember(ctx: GcsContext, key: string, file: File): ObjectResource {
  const resource = file.metadata as ObjectResource;
  ctx.cache.remember(key, resource);
  return resource;
}

/** Runs `work`; an abort destroys the upload stream so the request stops. */
async function withAbort(stream: Writable, signal: AbortSignal | undefined, work: () => Promise<void>): Promise<void> {
  if (!signal) return work();
  const onAbort = () => stream.destroy(abortError(signal, PROVIDER));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await work();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** An etag that cannot be a generation of this object never matches. */
function neverMatches(ctx: GcsContext, key: string, options: PutOptions) {
  return preconditionFailed(key, ctx.options.bucket, `ifMatch ${JSON.stringify(options.ifMatch)} is not a generation of this object${options.ifNoneMatch ? " (and ifNoneMatch: '*' contradicts it)" : ''}`);
}
