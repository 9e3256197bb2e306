import { Transform, type TransformCallback } from 'node:stream';
import { StorageError } from '@agentmap/storage-core';
import { PROVIDER } from '../errors';

/**
 * Passes bytes through unchanged while counting them, and fails the stream when a declared
 * `contentLength` turns out wrong (S3 would otherwise wait for missing bytes, or cut extra ones).
 */
export class ByteCounter extends Transform {
  count = 0;

  constructor(
    private readonly key: string,
    private readonly expected: number | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.count += bytes.byteLength;
    if (this.expected !== undefined && this.count > this.expected) return done(this.mismatch(`more than ${this.expected}`));
    done(null, bytes);
  }

  override _flush(done: TransformCallback): void {
    if (this.expected !== undefined && this.count !== this.expected) return done(this.mismatch(String(this.count)));
    done();
  }

  private mismatch(seen: string): StorageError {
    return new StorageError(
      'INVALID_ARGUMENT',
      `The body of "${this.key}" is ${seen} bytes long, not contentLength ${this.expected}; pass the exact length or omit contentLength. Nothing was stored.`,
      { provider: PROVIDER, key: this.key },
    );
  }
}
