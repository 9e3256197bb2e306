import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { ObjectStore } from '@agentmap/storage-core';
import { abortError, throwIfAborted } from '@agentmap/storage-core/kit';

/** Size and SHA-256 (hex) of some bytes. */
export interface Digest {
  size: number;
  sha256: string;
}

/** A pass-through stream that hashes and counts what flows through it. */
export class DigestStream extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  /** The digest, once the stream has ended. */
  digest(): Digest {
    return { size: this.size, sha256: this.hash.digest('hex') };
  }
}

/** Size and SHA-256 of bytes already in memory. */
export function digestOfBytes(bytes: Uint8Array): Digest {
  return { size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Reads an object as a stream and returns its size and SHA-256, holding one chunk at a time. */
export async function digestOf(store: ObjectStore, key: string, signal?: AbortSignal): Promise<Digest & { etag: string }> {
  throwIfAborted(signal, 'ops');
  // The signal is watched here rather than handed to getStream, so an abort never leaves a
  // stream erroring before it is read.
  const { stream, info } = await store.getStream(key);
  const onAbort = () => stream.destroy(abortError(signal, 'ops'));
  signal?.addEventListener('abort', onAbort, { once: true });
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!stream.destroyed) stream.destroy();
  }
  return { size, sha256: hash.digest('hex'), etag: info.etag };
}

export function sameDigest(a: Digest, b: Digest): boolean {
  return a.size === b.size && a.sha256 === b.sha256;
}
