import type { Readable } from 'node:stream';
import { StorageError, isStorageError } from '@agentmap/storage-core';
import { chunksOf, scrubCause } from '@agentmap/storage-core/kit';
import { PROVIDER } from '../errors';

/** Bytes of one block, as the chunks that make it up. */
export interface Block {
  parts: Uint8Array[];
  size: number;
}

/**
 * Reads a stream in blocks of a chosen size without copying its chunks, so an upload holds
 * only the blocks it is working on and makes no garbage of its own. An abort of the upload's
 * signal fails a read at once with `ABORTED` and destroys the stream, even when the stream
 * has stopped sending.
 */
export class BlockReader {
  private readonly stream: Readable;
  private readonly key: string;
  private readonly chunks: AsyncIterator<Uint8Array>;
  private pending: Uint8Array | undefined;
  private done = false;
  /** Bytes handed out so far. */
  total = 0;

  constructor(stream: Readable, key: string, signal: AbortSignal | undefined) {
    this.stream = stream;
    this.key = key;
    this.chunks = chunksOf(stream, signal, PROVIDER);
  }

  /**
   * The next `size` bytes (fewer at the end of the stream, none once it is over) as the
   * chunks they arrived in, sliced at the block's edges but never copied.
   */
  async read(size: number): Promise<Block> {
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
    return { parts, size: filled };
  }

  /** True when no byte is left; reads one chunk ahead to know. */
  async atEnd(): Promise<boolean> {
    if (this.pending) return false;
    this.pending = await this.next();
    return this.pending === undefined;
  }

  private async next(): Promise<Uint8Array | undefined> {
    while (!this.done) {
      let step: IteratorResult<Uint8Array>;
      try {
        step = await this.chunks.next();
      } catch (error) {
        throw this.failed(error);
      }
      const { value, done } = step;
      if (done) {
        this.done = true;
        // A stream destroyed before it ended (even before reading began) ends iteration quietly: never take it for the whole body.
        if (this.stream.errored || !this.stream.readableEnded) throw this.failed(this.stream.errored);
        return undefined;
      }
      if (value.byteLength > 0) return value;
    }
    return undefined;
  }

  private failed(error: unknown): StorageError {
    if (isStorageError(error)) return error;
    return new StorageError('INVALID_ARGUMENT', `The body stream of "${this.key}" failed or was destroyed before its end; nothing was written.`, {
      provider: PROVIDER,
      key: this.key,
      cause: scrubCause(error),
    });
  }

  /** Stops reading and releases the stream (after a failure). */
  async cancel(): Promise<void> {
    this.done = true;
    await this.chunks.return?.();
  }
}
