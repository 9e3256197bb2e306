import { Readable } from 'node:stream';
import { concatBytes } from '@agentmap/storage-core/kit';

/** The start of a stream: all of it when it ends within `limit` bytes, else the bytes read so far and a stream of the whole. */
export interface StreamPrefix {
  /** Every byte, when the stream ended within the limit. */
  bytes: Uint8Array;
  /** When the stream is longer than the limit: a stream replaying what was read, then the rest. */
  rest?: Readable;
}

/**
 * Reads up to `limit` bytes (plus the chunk that crosses it) to decide between a single
 * request and a resumable session without holding more than that in memory. `source` is the
 * body's chunks as the kit's `chunksOf` gives them, so an abort ends a stalled read at once.
 */
export async function readPrefix(source: AsyncIterable<Uint8Array>, limit: number): Promise<StreamPrefix> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { bytes: concatBytes(head, size) };
    head.push(next.value);
    size += next.value.byteLength;
    if (size > limit) break;
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { bytes: new Uint8Array(0), rest: Readable.from(replay(), { objectMode: false }) };
}
