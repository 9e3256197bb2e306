import * as crypto from 'node:crypto';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Our namespace for name-based UUIDs (RFC 9562 version 5): fixed forever, or stored ids move. */
const NAMESPACE = Buffer.from('6f1d3c1e8a2b4f7e9c0d5a4b3e2f1a0c', 'hex');

/** Ids up to this many UTF-16 units are hashed from one reused buffer (3 UTF-8 bytes per unit at most). */
const SCRATCH_UNITS = 512;
const scratch = Buffer.alloc(NAMESPACE.length + 3 * SCRATCH_UNITS);
NAMESPACE.copy(scratch);

/** One-shot hashing (Node 20.12+, 21.7+) skips the Hash object; older versions stream. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer }).hash;

function sha1(id: string): Buffer {
  if (oneShot && id.length <= SCRATCH_UNITS) {
    const end = NAMESPACE.length + scratch.write(id, NAMESPACE.length, 'utf8');
    return oneShot('sha1', scratch.subarray(0, end), 'buffer');
  }
  return crypto.createHash('sha1').update(NAMESPACE).update(id, 'utf8').digest();
}

/**
 * Recently mapped ids, so rewriting, reading or deleting the same records does not hash them
 * again. Bounded: the oldest entry leaves when it is full (4,096 ids of at most 512 characters).
 */
const recent = new Map<string, string>();
const RECENT_MAX = 4096;

/**
 * The UUID a database that only accepts UUIDs (Qdrant, Weaviate) stores a record under. A
 * canonical lower-case UUID is kept as it is; any other id becomes its version-5 UUID in our
 * namespace, so the same id always lands on the same point and different ids on different
 * points. Keep the original id beside the record (a payload or property) to read it back.
 */
export function uuidForId(id: string): string {
  const known = recent.get(id);
  if (known !== undefined) return known;
  if (CANONICAL_UUID.test(id)) return id;
  const hash = sha1(id);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  if (id.length <= SCRATCH_UNITS) {
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    recent.set(id, uuid);
  }
  return uuid;
}
