import { StorageError } from '@agentmap/storage-core';
import type { VectorMetadata } from '../spec/vector-store';

/**
 * One immutable write of the local index: records to upsert and ids to delete, applied in
 * the order the manifest lists segments. Layout: "AMVS", a little-endian u32 header length,
 * the JSON header, zero padding to 4 bytes, then `ids.length × dimensions` little-endian
 * float32 values, row after row.
 */
export interface Segment {
  ids: string[];
  texts: Array<string | null>;
  metadata: VectorMetadata[];
  deletes: string[];
  dimensions: number;
  vectors: Float32Array;
}

const MAGIC = [0x41, 0x4d, 0x56, 0x53];
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeSegment(segment: Segment): Uint8Array {
  if (!LITTLE_ENDIAN) throw new StorageError('UNSUPPORTED', 'The local vector index needs a little-endian machine.', { provider: 'local-vector' });
  const header = new TextEncoder().encode(
    JSON.stringify({ ids: segment.ids, texts: segment.texts, metadata: segment.metadata, deletes: segment.deletes, dimensions: segment.dimensions }),
  );
  const start = align4(8 + header.length);
  const out = new Uint8Array(start + segment.vectors.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  out.set(new Uint8Array(segment.vectors.buffer, segment.vectors.byteOffset, segment.vectors.byteLength), start);
  return out;
}

export function decodeSegment(bytes: Uint8Array, key: string): Segment {
  const corrupt = (what: string) =>
    new StorageError('CORRUPT_DATA', `The vector segment "${key}" is damaged (${what}); restore it from a backup or drop the collection and upsert again.`, {
      provider: 'local-vector',
      key,
    });
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw corrupt('not a segment file');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + length > bytes.length) throw corrupt('truncated header');
  let header: Omit<Segment, 'vectors'>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Omit<Segment, 'vectors'>;
  } catch {
    throw corrupt('unreadable header');
  }
  const { ids, texts, metadata, deletes, dimensions } = header;
  if (!Array.isArray(ids) || !Array.isArray(texts) || !Array.isArray(metadata) || !Array.isArray(deletes) || !Number.isInteger(dimensions)) throw corrupt('bad header');
  if (texts.length !== ids.length || metadata.length !== ids.length) throw corrupt('header lists of different lengths');
  const start = align4(8 + length);
  const expected = ids.length * dimensions * 4;
  if (bytes.length - start !== expected) throw corrupt(`expected ${expected} bytes of vectors, found ${bytes.length - start}`);
  // Copy into an aligned buffer of its own: the body may sit at any offset of a larger one.
  const vectors = new Float32Array(ids.length * dimensions);
  new Uint8Array(vectors.buffer).set(bytes.subarray(start, start + expected));
  return { ids, texts, metadata, deletes, dimensions, vectors };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
