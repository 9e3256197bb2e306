import { Readable } from 'node:stream';
import { abortError, concatBytes } from '@agentmap/storage-core/kit';
import { PROVIDER } from '../errors';

/** The start of a stream: all of it when it ends within `limit` bytes, else the bytes read so far and a stream of the whole. */
export interface StreamPrefix {
  /** Every byte, when the stream ended within the limit. */
  bytes: Uint8Array;
  /** When the stream is longer than the limit: a stream replaying what was read, then the rest. */
  rest?: Readable;
}

/**
 * Reads up to `limit` bytes (plus the chunk that crosses it) to decide between a single
 * request and a resumable session without holding more than that in memory.
 */
export async function readPrefix(source: Readable, limit: number, signal?: AbortSignal): Promise<StreamPrefix> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const head: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    if (signal?.aborted) {
      source.destroy();
      throw abortError(signal, PROVIDER);
    }
    const next = await iterator.next();
    if (next.done) return { bytes: concatBytes(head, size) };
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Uint8Array);
    head.push(chunk);
    size += chunk.byteLength;
    if (size > limit) break;
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Uint8Array);
    }
  }
  return { bytes: new Uint8Array(0), rest: Readable.from(replay(), { objectMode: false }) };
}
