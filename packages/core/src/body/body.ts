import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { StorageError, abortError } from '../errors/storage-error';
import type { PutBody } from '../spec/object-store';

const encoder = new TextEncoder();

/** True when the body is a Node or Web stream rather than bytes in memory. */
export function isStreamBody(body: PutBody): body is Readable | NodeJS.ReadableStream | ReadableStream<Uint8Array> {
  return typeof body === 'object' && body !== null && !(body instanceof Uint8Array) && !(body instanceof ArrayBuffer);
}

/** Throws `INVALID_ARGUMENT` unless the body is text, bytes, or a Node or Web stream. */
export function assertBody(body: unknown): asserts body is PutBody {
  if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer) return;
  if (typeof body === 'object' && body !== null) {
    if (typeof (body as ReadableStream).getReader === 'function' || typeof (body as NodeJS.ReadableStream).pipe === 'function') return;
  }
  throw invalidBody(body);
}

/** Bytes of an in-memory body (string as UTF-8). Throws `INVALID_ARGUMENT` for anything else. */
export function bytesOf(body: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw invalidBody(body);
}

/** A Node Readable over any body, without copying in-memory bytes. */
export function toReadable(body: PutBody): Readable {
  if (!isStreamBody(body)) return Readable.from([bytesOf(body)], { objectMode: false });
  if (body instanceof Readable) return body;
  if (typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
    return Readable.fromWeb(body as NodeWebReadableStream<Uint8Array>);
  }
  if (typeof (body as NodeJS.ReadableStream).pipe === 'function') {
    return new Readable({ read() {} }).wrap(body as NodeJS.ReadableStream);
  }
  throw invalidBody(body);
}

/** Reads any body fully into one Uint8Array (use only where the whole object must be in memory). */
export async function collectBody(body: PutBody, signal?: AbortSignal, provider?: string): Promise<Uint8Array> {
  if (!isStreamBody(body)) return bytesOf(body);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const bytes of chunksOf(body, signal, provider)) {
    chunks.push(bytes);
    total += bytes.byteLength;
  }
  return concatBytes(chunks, total);
}

/**
 * The chunks of a body stream as bytes. An abort of `signal` ends the iteration at once with
 * `ABORTED` and destroys the stream, even while the stream sends nothing: a stalled body must
 * not hold a call (and its file, descriptor and concurrency slot) forever.
 */
export async function* chunksOf(body: PutBody, signal?: AbortSignal, provider?: string): AsyncGenerator<Uint8Array> {
  const readable = toReadable(body);
  const onAbort = () => readable.destroy(abortError(signal, provider));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of readable) {
      // A partial body must never be mistaken for the whole one.
      if (signal?.aborted) throw abortError(signal, provider);
      yield typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Concatenates chunks into one array; returns the only chunk as is when there is one. */
export function concatBytes(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const size = total ?? chunks.reduce((n, c) => n + c.byteLength, 0);
  // Not zero-filled: every byte is overwritten below.
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Decodes UTF-8 bytes, stripping a leading byte-order mark. */
export function textOf(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}

function invalidBody(body: unknown): StorageError {
  const kind = body === null ? 'null' : typeof body;
  return new StorageError(
    'INVALID_ARGUMENT',
    `A body must be a string, Uint8Array, ArrayBuffer or readable stream; got ${kind}. Serialise objects first (JSON.stringify) or use a service.`,
  );
}

/**
 * Makes an abort of `signal` error `stream` with a StorageError `ABORTED` (not Node's bare
 * AbortError), so readers of a download branch on one code. Returns the stream.
 */
export function destroyOnAbort<S extends Readable>(stream: S, signal: AbortSignal | undefined, provider?: string): S {
  if (!signal) return stream;
  const onAbort = () => stream.destroy(abortError(signal, provider));
  if (signal.aborted) onAbort();
  else {
    signal.addEventListener('abort', onAbort, { once: true });
    stream.once('close', () => signal.removeEventListener('abort', onAbort));
  }
  return stream;
}
