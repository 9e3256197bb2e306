import { scryptSync } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';

/** A key: 32 raw bytes (or their base64), or a passphrase to derive one from with scrypt. */
export type KeyMaterial = Uint8Array | string | { passphrase: string };

/** Keys by id, and the one new writes use. Older keys stay for reading (rotation). */
export interface KeyringOptions {
  keys: Readonly<Record<string, KeyMaterial>>;
  /** The key id new ciphertexts use. Default: the only key, when there is one. */
  activeKeyId?: string;
}

/** Resolved keys. */
export interface Keyring {
  readonly activeKeyId: string;
  /** The 32-byte key of an id; a missing id is `UNAUTHENTICATED` saying which key to add. */
  key(id: string): Buffer;
  has(id: string): boolean;
}

const PROVIDER = 'encryption';
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Resolves a keyring: raw keys are checked to be 32 bytes; a passphrase is stretched with
 * scrypt (N = 2^15, r = 8, p = 1; the salt is bound to the key id) once, here. Key material
 * never appears in errors.
 */
export function createKeyring(options: KeyringOptions): Keyring {
  if (typeof options !== 'object' || options === null || typeof options.keys !== 'object' || options.keys === null) {
    throw invalid('Encryption needs keys: { keys: { k1: <32 bytes> }, activeKeyId: "k1" }.');
  }
  const keys = new Map<string, Buffer>();
  for (const [id, material] of Object.entries(options.keys)) {
    if (!KEY_ID.test(id)) throw invalid(`Key id "${id}" must be 1–64 letters, digits, ".", "_" or "-".`);
    keys.set(id, resolve(id, material));
  }
  const ids = [...keys.keys()];
  const activeKeyId = options.activeKeyId ?? (ids.length === 1 ? ids[0] : undefined);
  if (activeKeyId === undefined) throw invalid(`Name the key new writes use: activeKeyId is one of ${ids.join(', ') || '(no keys given)'}.`);
  if (!keys.has(activeKeyId)) throw invalid(`activeKeyId "${activeKeyId}" is not among the keys (${ids.join(', ')}).`);
  return {
    activeKeyId,
    has: (id) => keys.has(id),
    key(id) {
      const key = keys.get(id);
      if (!key) throw new StorageError('UNAUTHENTICATED', `The data was encrypted with key "${id}", which this keyring does not hold; add it to keys to read the data.`, { provider: PROVIDER });
      return key;
    },
  };
}

function resolve(id: string, material: KeyMaterial): Buffer {
  if (typeof material === 'object' && material !== null && !(material instanceof Uint8Array)) {
    if (typeof material.passphrase !== 'string' || material.passphrase.length < 8) throw invalid(`Key "${id}": a passphrase must be a string of at least 8 characters.`);
    return scryptSync(material.passphrase, `agentmap-storage:${id}`, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  }
  const bytes = typeof material === 'string' ? Buffer.from(material, 'base64') : Buffer.from(material);
  if (bytes.byteLength !== 32) throw invalid(`Key "${id}" must be 32 bytes (AES-256), as bytes or base64 text; give { passphrase } to derive one.`);
  return bytes;
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', message, { provider: PROVIDER });
}
