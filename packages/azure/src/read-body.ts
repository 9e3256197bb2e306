import { Readable } from 'node:stream';
import { StorageError } from '@agentmap/storage-core';
import { type FailureContext, PROVIDER, toStorageError } from './errors';

/** Reads a download into one buffer, sized up front when the length is known (one copy). */
export async function readAll(stream: NodeJS.ReadableStream | undefined, length: number | undefined, context: FailureContext): Promise<Uint8Array> {
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
    throw toStorageError(error, context);
  }
  if (target && total === target.byteLength) return target;
  if (target) {
    throw new StorageError('CORRUPT_DATA', `Azure sent ${total} bytes of "${context.key}" but announced ${length}; retry the read.`, {
      provider: PROVIDER,
      key: context.key,
      retryable: true,
    });
  }
  return Buffer.concat(chunks, total);
}

/** The download stream, with its failures mapped onto StorageError like every other call. */
export function guardedStream(stream: NodeJS.ReadableStream | undefined, context: FailureContext): Readable {
  if (!stream) return Readable.from([]);
  const source = stream as Readable;
  return Readable.from(mapErrors(source, context), { objectMode: false, highWaterMark: source.readableHighWaterMark });
}

async function* mapErrors(source: Readable, context: FailureContext): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) yield chunk as Buffer;
  } catch (error) {
    throw toStorageError(error, context);
  }
}
