import { Readable } from 'node:stream';
import { type CallOptions, type GetOptions, type GetResult, type GetStreamResult, type ObjectInfo, StorageError } from '@agentmap/storage-core';
import { mapStreamErrors, resolveRange } from '@agentmap/storage-core/kit';
import type { BlobDownloadResponseParsed } from '@azure/storage-blob';
import type { AzureContext } from './context';
import { PROVIDER, azureErrorCode, statusOf } from './errors';
import { objectInfo } from './object-info';

/** A download that has started: its answer, or the info of an empty range that needs no body. */
type Started = { answer: BlobDownloadResponseParsed; empty?: undefined } | { empty: ObjectInfo; answer?: undefined };

/** `get`: the whole object, or a range of it, in one buffer. */
export async function getBlob(ctx: AzureContext, key: string, options: GetOptions): Promise<GetResult> {
  const started = await download(ctx, key, options);
  if (started.empty) return { body: new Uint8Array(0), info: started.empty };
  const { answer } = started;
  const body = await readAll(ctx, key, answer.readableStreamBody, answer.contentLength, options.signal);
  return { body, info: objectInfo(key, answer) };
}

/** `getStream`: resolves once the headers arrived (a missing key fails here, before any byte). */
export async function getBlobStream(ctx: AzureContext, key: string, options: GetOptions): Promise<GetStreamResult> {
  const started = await download(ctx, key, options);
  if (started.empty) return { stream: Readable.from([]), info: started.empty };
  const { answer } = started;
  return { stream: guardedStream(ctx, key, answer.readableStreamBody, options.signal), info: objectInfo(key, answer) };
}

/** `head`: the object's info, `undefined` when it does not exist (a missing container is `NOT_FOUND`). */
export async function headBlob(ctx: AzureContext, key: string, options: CallOptions): Promise<ObjectInfo | undefined> {
  try {
    return objectInfo(key, await ctx.container.getBlobClient(key).getProperties({ abortSignal: options.signal }));
  } catch (error) {
    if (statusOf(error) === 404 && azureErrorCode(error) !== 'ContainerNotFound') return undefined;
    throw ctx.fail(error, 'head', key, options.signal);
  }
}

async function download(ctx: AzureContext, key: string, options: GetOptions): Promise<Started> {
  const { offset, length } = checkedRange(key, options.range);
  if (length === 0) return { empty: await emptyRange(ctx, key, offset, options.signal) };
  try {
    return { answer: await ctx.container.getBlobClient(key).download(offset, length, { abortSignal: options.signal }) };
  } catch (error) {
    // Azure refuses any range of an empty blob; the spec allows offset 0 there.
    if (statusOf(error) === 416 && offset === 0) return { empty: await emptyRange(ctx, key, 0, options.signal) };
    throw ctx.fail(error, 'get', key, options.signal);
  }
}

/** The info of a zero-length read, checking that the object exists and the offset is inside it. */
async function emptyRange(ctx: AzureContext, key: string, offset: number, signal: AbortSignal | undefined): Promise<ObjectInfo> {
  const info = await headBlob(ctx, key, { signal });
  if (!info) throw ctx.fail({ statusCode: 404, code: 'BlobNotFound' }, 'get', key);
  resolveRange(info.size, { offset, length: 0 }, key, PROVIDER);
  return info;
}

/** Checks a range before any request (whole non-negative numbers); its end is checked by the service. */
function checkedRange(key: string, range: GetOptions['range']): { offset: number; length: number | undefined } {
  if (range === undefined) return { offset: 0, length: undefined };
  resolveRange(Number.MAX_SAFE_INTEGER, range, key, PROVIDER);
  return { offset: range.offset, length: range.length };
}

/** Reads a download into one buffer, sized up front when the length is known (one copy). */
async function readAll(
  ctx: AzureContext,
  key: string,
  stream: NodeJS.ReadableStream | undefined,
  length: number | undefined,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const target = length === undefined ? undefined : Buffer.allocUnsafe(length);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (target && total + chunk.byteLength <= target.byteLength) target.set(chunk, total);
      else chunks.push(chunk);
      total += chunk.byteLength;
    }
  } catch (error) {
    throw ctx.fail(error, 'get', key, signal);
  }
  if (target && total === target.byteLength) return target;
  if (target) {
    throw new StorageError('CORRUPT_DATA', `Azure sent ${total} bytes of "${key}" but announced ${length}; retry the read.`, {
      provider: PROVIDER,
      key,
      retryable: true,
    });
  }
  return Buffer.concat(chunks, total);
}

/** The download stream, with its failures mapped onto StorageError like every other call. */
function guardedStream(ctx: AzureContext, key: string, stream: NodeJS.ReadableStream | undefined, signal: AbortSignal | undefined): Readable {
  if (!stream) return Readable.from([]);
  return mapStreamErrors(stream as Readable, (error) => ctx.fail(error, 'get', key, signal));
}
