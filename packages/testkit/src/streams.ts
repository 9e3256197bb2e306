import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** A deterministic stream of `size` bytes, generated chunk by chunk (never held whole). */
export function patternStream(size: number, chunkSize = 1 << 20): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(chunkSize, size - sent);
      const chunk = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) chunk[i] = (sent + i) % 251;
      sent += n;
      this.push(chunk);
    },
  });
}

/** SHA-256 and byte count of {@link patternStream}'s output, computed without storing it. */
export async function patternDigest(size: number): Promise<{ sha256: string; size: number }> {
  return digestStream(patternStream(size));
}

/** SHA-256 and byte count of any stream. */
export async function digestStream(stream: AsyncIterable<unknown>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let total = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Uint8Array;
    hash.update(bytes);
    total += bytes.byteLength;
  }
  return { sha256: hash.digest('hex'), size: total };
}

/**
 * A body that sends `size` bytes (in chunks of at most 64 KiB) and then nothing, ever: a
 * client that stopped sending. A put of it settles only through its AbortSignal or a timeout.
 */
export function stalledStream(size = 16): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return;
      const n = Math.min(64 * 1024, size - sent);
      sent += n;
      this.push(Buffer.alloc(n, 0x61));
    },
  });
}

/**
 * What `promise` settled with within `ms` (`'fulfilled'`, or its rejection's error), or
 * `'still pending'`: a test of a call that must not hang reports instead of hanging.
 */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise((resolve) => (timer = setTimeout(() => resolve('still pending'), ms)));
  try {
    return await Promise.race([promise.then(() => 'fulfilled', (error: unknown) => error), pending]);
  } finally {
    clearTimeout(timer);
  }
}
