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
