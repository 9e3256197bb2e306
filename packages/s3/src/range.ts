import { Transform } from 'node:stream';
import { type ByteRange, StorageError } from '@agentmap/storage-core';
import { resolveRange } from '@agentmap/storage-core/kit';
import { PROVIDER } from './errors';

/** How a read asks S3 for its bytes. */
export type RangePlan =
  /** No Range header: the whole object. */
  | { kind: 'whole' }
  /** A Range header S3 can serve. */
  | { kind: 'header'; header: string }
  /** Zero bytes were asked for: S3 cannot express that, so only the object's size is checked. */
  | { kind: 'empty' };

/**
 * Validates a range before any request (negative or fractional values are
 * `INVALID_ARGUMENT`) and turns it into a Range header. Whether the offset lies past the end is
 * only known to S3, which answers 416; the store then checks against the real size.
 */
export function planRange(range: ByteRange | undefined, key: string): RangePlan {
  if (range === undefined) return { kind: 'whole' };
  // Any size passes the end check here; only the shape of the range is validated.
  resolveRange(Number.MAX_SAFE_INTEGER, range, key, PROVIDER);
  if (range.length === 0) return { kind: 'empty' };
  if (range.offset === 0 && range.length === undefined) return { kind: 'whole' };
  const end = range.length === undefined ? '' : String(range.offset + range.length - 1);
  return { kind: 'header', header: `bytes=${range.offset}-${end}` };
}

/** Bytes to drop from the front of what the server sent, and how many to keep after that. */
export interface Trim {
  skip: number;
  take: number | undefined;
}

/**
 * What to cut from a ranged answer. HTTP lets a server ignore a Range (answering 200 with the
 * whole object) and some S3-compatible servers widen it (s3rver serves `bytes=0-0` whole), so
 * the answer's Content-Range decides; undefined when the bytes are exactly what was asked.
 */
export function trimFor(range: ByteRange | undefined, contentRange: string | undefined, received: number | undefined, key: string): Trim | undefined {
  if (range === undefined) return undefined;
  const match = contentRange ? /^bytes (\d+)-(\d+)\//.exec(contentRange) : null;
  const start = match ? Number(match[1]) : 0;
  if (start > range.offset) {
    throw new StorageError('CORRUPT_DATA', `S3 answered a different range of "${key}" than asked (${contentRange ?? 'whole object'} for offset ${range.offset}); retry the read.`, {
      provider: PROVIDER,
      key,
      retryable: true,
    });
  }
  const skip = range.offset - start;
  const take = range.length;
  if (skip === 0 && (take === undefined || (received !== undefined && received <= take))) return undefined;
  return { skip, take };
}

/** Applies a {@link Trim} to a stream without buffering it. */
export function trimStream(trim: Trim): Transform {
  let toSkip = trim.skip;
  let left = trim.take ?? Number.POSITIVE_INFINITY;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let piece = chunk;
      if (toSkip > 0) {
        const cut = Math.min(toSkip, piece.byteLength);
        toSkip -= cut;
        piece = piece.subarray(cut);
      }
      if (left <= 0 || piece.byteLength === 0) return done();
      if (piece.byteLength > left) piece = piece.subarray(0, left);
      left -= piece.byteLength;
      done(null, piece);
    },
  });
}
