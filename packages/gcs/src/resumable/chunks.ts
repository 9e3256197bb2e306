import { concatBytes } from '@agentmap/storage-core/kit';

/** One piece of an upload, and whether the source ends with it. */
export interface Chunk {
  bytes: Uint8Array;
  last: boolean;
}

/**
 * Cuts a byte stream into chunks of exactly `size` bytes (the last one may be shorter or
 * empty), reading one chunk ahead so each chunk knows whether it is the last. Holds at most
 * one chunk plus one source piece in memory.
 */
export async function* chunksOf(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Chunk> {
  let pending: Uint8Array[] = [];
  let pendingSize = 0;
  let ready: Uint8Array | undefined;
  for await (const piece of source) {
    let rest = piece;
    while (rest.byteLength > 0) {
      const take = Math.min(size - pendingSize, rest.byteLength);
      pending.push(rest.subarray(0, take));
      pendingSize += take;
      rest = rest.subarray(take);
      if (pendingSize === size) {
        // A full chunk is only known not to be the last once more bytes arrive.
        if (ready) yield { bytes: ready, last: false };
        ready = concatBytes(pending, pendingSize);
        pending = [];
        pendingSize = 0;
      }
    }
  }
  if (pendingSize === 0) {
    yield { bytes: ready ?? new Uint8Array(0), last: true };
    return;
  }
  if (ready) yield { bytes: ready, last: false };
  yield { bytes: concatBytes(pending, pendingSize), last: true };
}
