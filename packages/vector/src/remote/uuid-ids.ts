import { createHash } from 'node:crypto';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Our namespace for name-based UUIDs (RFC 9562 version 5): fixed forever, or stored ids move. */
const NAMESPACE = Buffer.from('6f1d3c1e8a2b4f7e9c0d5a4b3e2f1a0c', 'hex');

/**
 * The UUID a database that only accepts UUIDs (Qdrant, Weaviate) stores a record under. A
 * canonical lower-case UUID is kept as it is; any other id becomes its version-5 UUID in our
 * namespace, so the same id always lands on the same point and different ids on different
 * points. Keep the original id beside the record (a payload or property) to read it back.
 */
export function uuidForId(id: string): string {
  if (CANONICAL_UUID.test(id)) return id;
  const hash = createHash('sha1').update(NAMESPACE).update(id, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
