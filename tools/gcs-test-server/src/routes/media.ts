import type { RouteContext } from '../context';
import { ApiError } from '../http';
import type { StoredObject } from '../model';
import { objectEtag } from '../resource';

/**
 * Sends an object's bytes with the headers GCS sends on a media download: generation,
 * metageneration, both hashes of the whole object (clients validate full downloads with them),
 * stored length and encoding. A `Range: bytes=a-b | a- | -n` header gets a 206; a range that
 * starts past the end gets 416.
 */
export function sendMedia(ctx: RouteContext, object: StoredObject, extraHeaders: Record<string, string> = {}): void {
  const size = object.data.length;
  const headers: Record<string, string | number> = {
    'content-type': object.contentType,
    'x-goog-generation': object.generation.toString(),
    'x-goog-metageneration': object.metageneration.toString(),
    'x-goog-hash': `crc32c=${object.crc32c},md5=${object.md5Hash}`,
    'x-goog-stored-content-length': size,
    'x-goog-stored-content-encoding': object.contentEncoding ?? 'identity',
    'x-goog-storage-class': object.storageClass,
    etag: objectEtag(object),
    'last-modified': object.updated.toUTCString(),
    'accept-ranges': 'bytes',
    ...(object.contentDisposition ? { 'content-disposition': object.contentDisposition } : {}),
    ...(object.cacheControl ? { 'cache-control': object.cacheControl } : {}),
    ...(object.contentLanguage ? { 'content-language': object.contentLanguage } : {}),
    ...(object.contentEncoding ? { 'content-encoding': object.contentEncoding } : {}),
    ...extraHeaders,
  };
  const range = parseRange(ctx.req.headers.range, size);
  if (range === 'unsatisfiable') {
    throw new ApiError(416, 'requestedRangeNotSatisfiable', 'The requested range cannot be satisfied.', { 'content-range': `bytes */${size}` });
  }
  const head = ctx.req.method === 'HEAD';
  if (range) {
    const [start, end] = range;
    ctx.res.writeHead(206, { ...headers, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}` });
    ctx.res.end(head ? undefined : object.data.subarray(start, end + 1));
    return;
  }
  ctx.res.writeHead(200, { ...headers, 'content-length': size });
  ctx.res.end(head ? undefined : object.data);
}

/** A single byte range as [first, last] inclusive, `undefined` for none or an ignorable header. */
export function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple or malformed ranges are ignored, as HTTP allows: the whole object is sent.
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return size === 0 ? undefined : [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}
