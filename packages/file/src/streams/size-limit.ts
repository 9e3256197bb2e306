import { type PutBody, type StorageError, collectBody, throwIfAborted, toReadable } from '@agentmap/storage-core';
import { Transform, type TransformCallback, pipeline } from 'node:stream';
import { PROVIDER, fileError } from '../errors';
import { formatBytes } from '../size';

/** The error for a file over `maxFileSize`, when writing it or reading it into memory. */
export function tooLarge(source: string, limit: number, action: 'write' | 'read'): StorageError {
  const next =
    action === 'write' ? 'nothing was written. Raise maxFileSize or split the file' : 'read it with readStream, which is not limited, or raise maxFileSize';
  return fileError('INVALID_ARGUMENT', `"${source}" is larger than maxFileSize (${formatBytes(limit)}); ${next}.`, { key: source });
}

/** A streamed body, and whether it went over its limit. */
export interface CountedBody {
  stream: Transform;
  /** The error raised when the limit was passed, once it was. */
  readonly exceeded: StorageError | undefined;
}

/**
 * Passes a stream through a counter that fails it as soon as more than `limit` bytes have
 * flowed, so the store aborts the upload and keeps nothing; the source is destroyed too.
 */
export function countedStream(body: PutBody, limit: number | undefined, source: string, action: 'write' | 'read'): CountedBody {
  let bytes = 0;
  let exceeded: StorageError | undefined;
  const counter = new Transform({
    transform(chunk: Buffer | Uint8Array | string, _encoding: BufferEncoding, done: TransformCallback) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (limit !== undefined && bytes > limit) {
        exceeded = tooLarge(source, limit, action);
        return done(exceeded);
      }
      done(null, chunk);
    },
  });
  // pipeline destroys the source when the counter fails, and fails the counter when the source does.
  pipeline(toReadable(body), counter, () => {});
  return {
    stream: counter,
    get exceeded() {
      return exceeded;
    },
  };
}

/**
 * Reads a counted stream into memory, failing as soon as it passes its limit (and with
 * `ABORTED` when the signal fires: a partial body never passes for the whole).
 */
export async function collectCounted(counted: CountedBody, signal?: AbortSignal): Promise<Uint8Array> {
  try {
    const bytes = await collectBody(counted.stream, signal);
    throwIfAborted(signal, PROVIDER);
    return bytes;
  } catch (error) {
    throw counted.exceeded ?? error;
  } finally {
    counted.stream.destroy();
  }
}
