import { type Duplex, PassThrough, type Readable } from 'node:stream';

/**
 * A stream that carries `source`'s bytes (through `out`, a PassThrough by default, or a
 * transform such as a range trimmer) and fails with `mapError(error)` when `source` fails (an
 * SDK's socket error becomes a `StorageError` for the reader); when the reader destroys it
 * early, `source` is destroyed too, so the connection is released.
 */
export function mapStreamErrors(source: Readable, mapError: (error: unknown) => Error, out: Duplex = new PassThrough({ highWaterMark: source.readableHighWaterMark })): Duplex {
  source.on('error', (error) => out.destroy(mapError(error)));
  out.on('close', () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(out);
  return out;
}
