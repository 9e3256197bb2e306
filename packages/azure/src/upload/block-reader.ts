import type { Readable } from 'node:stream';
import { concatBytes } from '@agentmap/storage-core';

/**
 * Reads a stream in blocks of a chosen size (one copy per block, none when a chunk already
 * is the block), so an upload holds only the blocks it is working on.
 */
export class BlockReader {
  private readonly chunks: AsyncIterator<unknown>;
  private pending: Uint8Array | undefined;
  private done = false;
  /** Bytes handed out so far. */
  total = 0;

  constructor(stream: Readable) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  /** The next `size` bytes, fewer at the end of the stream; an empty array once it is over. */
  async read(size: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let filled = 0;
    while (filled < size) {
      const chunk = this.pending ?? (await this.next());
      this.pending = undefined;
      if (chunk === undefined) break;
      const take = Math.min(size - filled, chunk.byteLength);
      parts.push(take === chunk.byteLength ? chunk : chunk.subarray(0, take));
      filled += take;
      if (take < chunk.byteLength) this.pending = chunk.subarray(take);
    }
    this.total += filled;
    return concatBytes(parts, filled);
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    if (this.pending) return false;
    this.pending = await this.next();
    return this.pending === undefined;
  }

  private async next(): Promise<Uint8Array | undefined> {
    while (!this.done) {
      const { value, done } = await this.chunks.next();
      if (done) {
        this.done = true;
        return undefined;
      }
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : (value as Uint8Array);
      if (bytes.byteLength > 0) return bytes;
    }
    return undefined;
  }

  /** Stops reading and releases the stream (after a failure). */
  async cancel(): Promise<void> {
    this.done = true;
    await this.chunks.return?.();
  }
}
