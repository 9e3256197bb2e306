import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import type { File, GetFileMetadataOptions } from '@google-cloud/storage';
import { type CallOptions, type GetOptions, type GetResult, type GetStreamResult, type ObjectInfo, StorageError, isStorageError } from '@agentmap/storage-core';
import { abortError, concatBytes, mapStreamErrors, resolveRange } from '@agentmap/storage-core/kit';
import { type GcsContext, request, untilAborted } from './context';
import { PROVIDER, httpStatusOf, isBucketMissing, isTransient } from './errors';
import { type ObjectResource, infoOf } from './object-info';
import { requestWithRetries } from './retry';

/** A download whose status and headers have arrived; its bytes have not been read yet. */
interface OpenDownload {
  stream: Readable;
  headers: IncomingHttpHeaders;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** How often a read starts over when the object is replaced between the download and its metadata. */
const READ_ATTEMPTS = 3;

/** A read failed in a way that reading again may fix: the transport, GCS's side, or a checksum mismatch. */
const worthReadingAgain = (error: unknown) => isTransient(error) || isStorageError(error, 'CORRUPT_DATA');

/**
 * Reads a whole object. A read that fails transiently, before or while its bytes arrive, is
 * read again from the start (up to `retries` times): nothing was handed out yet.
 */
export function getObject(ctx: GcsContext, key: string, options: GetOptions): Promise<GetResult> {
  return requestWithRetries(
    ctx.retry(options.signal),
    async () => {
      const { stream, info } = await openRead(ctx, key, options);
      const chunks: Uint8Array[] = [];
      let size = 0;
      try {
        for await (const chunk of stream) {
          chunks.push(chunk as Uint8Array);
          size += (chunk as Uint8Array).byteLength;
        }
      } catch (error) {
        throw ctx.fail(error, 'read', key);
      }
      return { body: concatBytes(chunks, size), info };
    },
    worthReadingAgain,
  );
}

/**
 * Opens a streamed read; opening is retried like a request (no byte has reached the caller
 * yet). A failure while the caller reads is the caller's to handle, as a StorageError.
 */
export async function getObjectStream(ctx: GcsContext, key: string, options: GetOptions): Promise<GetStreamResult> {
  const { stream, info } = await requestWithRetries(ctx.retry(options.signal), () => openRead(ctx, key, options), worthReadingAgain);
  return { stream: mapStreamErrors(stream, (error) => ctx.fail(error, 'read', key)), info };
}

/** The object's info, or `undefined` when there is none. */
export async function headObject(ctx: GcsContext, key: string, options: CallOptions): Promise<ObjectInfo | undefined> {
  const resource = await currentResource(ctx, key, options.signal);
  return resource ? infoOf(key, resource) : undefined;
}

/** The live object's resource (remembered in the cache), or `undefined` when there is none. */
export async function currentResource(ctx: GcsContext, key: string, signal?: AbortSignal): Promise<ObjectResource | undefined> {
  try {
    const resource = (await request(ctx, signal, () => ctx.file(key).getMetadata()))[0] as ObjectResource;
    ctx.cache.remember(key, resource);
    return resource;
  } catch (error) {
    if (httpStatusOf(error) === 404 && !isBucketMissing(error)) return undefined;
    throw ctx.fail(error, 'read', key);
  }
}

/**
 * Opens a download and describes exactly the generation it serves. The bytes come from one
 * media request; their metadata comes from the cache when the download's generation and
 * metageneration match what this store has seen, else from a metadata request (sent alongside
 * the download when nothing is cached, pinned to the served generation when the guess missed).
 * If the object is replaced in between, the read starts over, so body and info always agree.
 */
async function openRead(ctx: GcsContext, key: string, options: GetOptions): Promise<{ stream: Readable; info: ObjectInfo }> {
  // Validates the range's numbers; whether it fits the object is for the server (416) to say.
  if (options.range) resolveRange(Number.MAX_SAFE_INTEGER, options.range, key, PROVIDER);
  if (options.range?.length === 0) return emptyRange(ctx, key, options);

  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
    const file = ctx.file(key);
    const guess = ctx.cache.has(key) ? undefined : settle(file.getMetadata().then(([m]) => m as ObjectResource));
    let download: OpenDownload;
    try {
      download = await openDownload(file, options);
    } catch (error) {
      if (httpStatusOf(error) === 416 && options.range?.offset === 0) return emptyRange(ctx, key, options);
      throw ctx.fail(error, 'read', key);
    }
    const generation = header(download.headers, 'x-goog-generation');
    const metageneration = header(download.headers, 'x-goog-metageneration');
    try {
      const resource = await describe(ctx, key, generation, metageneration, guess, options.signal);
      if (resource) {
        ctx.cache.remember(key, resource);
        return { stream: download.stream, info: infoOf(key, resource) };
      }
      download.stream.destroy();
    } catch (error) {
      download.stream.destroy();
      throw error;
    }
  }
  throw new StorageError('UNAVAILABLE', `Could not read gs://${ctx.options.bucket}/${key}: it was replaced ${READ_ATTEMPTS} times while being read; retry later.`, {
    provider: PROVIDER,
    key,
    retryable: true,
  });
}

/** The resource of the served generation, or `undefined` when that generation is already gone. */
async function describe(
  ctx: GcsContext,
  key: string,
  generation: string | undefined,
  metageneration: string | undefined,
  guess: Promise<Settled<ObjectResource>> | undefined,
  signal: AbortSignal | undefined,
): Promise<ObjectResource | undefined> {
  const cached = ctx.cache.lookup(key, generation, metageneration);
  if (cached) return cached;
  const guessed = guess ? await untilAborted(guess, signal) : undefined;
  if (guessed?.value && (generation === undefined || (String(guessed.value.generation) === generation && String(guessed.value.metageneration) === metageneration))) {
    return guessed.value;
  }
  try {
    // Without a generation header (some emulators) the best available is the current metadata.
    // The generation goes out as the string it is (the query takes the options verbatim): a file
    // handle would turn it into a Number, another generation past 2^53.
    const pinned = (generation === undefined ? {} : { generation }) as GetFileMetadataOptions;
    const [resource] = await untilAborted(ctx.file(key).getMetadata(pinned), signal);
    return resource;
  } catch (error) {
    if (httpStatusOf(error) === 404) return undefined;
    throw ctx.fail(error, 'read', key);
  }
}

/** A zero-length range: no bytes to fetch, but the key must exist and the offset must fit. */
async function emptyRange(ctx: GcsContext, key: string, options: GetOptions): Promise<{ stream: Readable; info: ObjectInfo }> {
  let resource: ObjectResource;
  try {
    resource = (await untilAborted(ctx.file(key).getMetadata(), options.signal))[0];
  } catch (error) {
    throw ctx.fail(error, 'read', key);
  }
  const info = infoOf(key, resource);
  resolveRange(info.size, options.range, key, PROVIDER);
  const stream = new PassThrough();
  stream.end();
  return { stream, info };
}

/** Starts the media request and waits for its status: a failure rejects before any byte flows. */
function openDownload(file: File, options: GetOptions): Promise<OpenDownload> {
  const range = options.range;
  const stream = file.createReadStream(
    range ? { start: range.offset, ...(range.length === undefined ? {} : { end: range.offset + range.length - 1 }) } : {},
  );
  const signal = options.signal;
  const onAbort = () => stream.destroy(abortError(signal, PROVIDER));
  signal?.addEventListener('abort', onAbort, { once: true });
  stream.once('close', () => signal?.removeEventListener('abort', onAbort));
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.once('response', (response: { statusCode?: number; headers: IncomingHttpHeaders }) => {
      // Error answers also emit 'response'; their error follows on the stream.
      if ((response.statusCode ?? 0) >= 300) return;
      stream.off('error', reject);
      resolve({ stream, headers: response.headers });
    });
    // The SDK's stream sends its request on the first read.
    stream.read(0);
  });
}

interface Settled<T> {
  value?: T;
  error?: unknown;
}

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}
