import { Readable } from 'node:stream';
import { markGoverned } from '../compliance/governed';
import { type GetOptions, type ObjectStore, type PutBody, type PutOptions, type SetStorageClassOptions, StorageError } from '@agentmap/storage-core';
import { collectBody, sliceRange, validateOptions } from '@agentmap/storage-core/kit';
import { openBytes, sealBytes } from './envelope';
import { type KeyMaterial, createKeyring } from './keyring';

const PROVIDER = 'encryption';
/** Stored objects start with this magic, then the key id's length and the key id. */
const MAGIC = Buffer.from('AMENC1');
/** Metadata key holding the plaintext size, so `head` and listings report what callers read. */
const SIZE_KEY = 'agentmap-plain-size';
const ALLOWED = ['keys', 'activeKeyId'];

/** Options of {@link withEncryption}. */
export interface ObjectEncryptionOptions {
  keys: Readonly<Record<string, KeyMaterial>>;
  activeKeyId?: string;
}

/**
 * Encrypts every object of `store` (AES-256-GCM, a random nonce per write, bound to the key:
 * an object copied under another key fails to decrypt). Works over any backend; ranges are
 * served after decrypting the whole object, and stream bodies are collected first, so it suits
 * documents rather than multi-gigabyte files. A wrong key is `CORRUPT_DATA`, a missing key id
 * `UNAUTHENTICATED`, an object that was never encrypted `CORRUPT_DATA`: nothing is ever
 * returned as it is stored.
 */
export function withEncryption(store: ObjectStore, options: ObjectEncryptionOptions): ObjectStore {
  validateOptions(options, ALLOWED, 'withEncryption', { provider: PROVIDER });
  const keyring = createKeyring(options);

  const seal = (key: string, plain: Uint8Array): Buffer => {
    const id = Buffer.from(keyring.activeKeyId, 'utf8');
    return Buffer.concat([MAGIC, Buffer.from([id.byteLength]), id, sealBytes(plain, keyring.key(keyring.activeKeyId), `${keyring.activeKeyId}\u0000${key}`)]);
  };
  const open = (key: string, stored: Uint8Array): Buffer => {
    const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    if (bytes.byteLength < MAGIC.byteLength + 1 || !bytes.subarray(0, MAGIC.byteLength).equals(MAGIC)) {
      throw new StorageError('CORRUPT_DATA', `Object "${key}" is not encrypted, though this store encrypts everything; re-encrypt it or read it without the layer.`, { provider: PROVIDER, key });
    }
    const idLength = bytes[MAGIC.byteLength]!;
    const keyId = bytes.subarray(MAGIC.byteLength + 1, MAGIC.byteLength + 1 + idLength).toString('utf8');
    return openBytes(bytes.subarray(MAGIC.byteLength + 1 + idLength), keyring.key(keyId), `${keyId}\u0000${key}`, `Object "${key}"`);
  };
  const plainInfo = <I extends { size: number; metadata?: Record<string, string> }>(info: I): I => {
    const size = Number(info.metadata?.[SIZE_KEY]);
    const metadata = { ...info.metadata };
    delete metadata[SIZE_KEY];
    return { ...info, ...(Number.isSafeInteger(size) ? { size } : {}), metadata };
  };
  const read = async (key: string, opts: GetOptions = {}) => {
    const { body, info } = await store.get(key, { ...(opts.signal ? { signal: opts.signal } : {}) });
    const plain = open(key, body);
    return { body: new Uint8Array(sliceRange(plain, opts.range, key, PROVIDER)), info: { ...plainInfo(info), size: plain.byteLength } };
  };

  return markGoverned({
    provider: store.provider,
    location: store.location,
    capabilities: { ...store.capabilities, streaming: false, presign: false, serverSideCopy: false },
    get: read,
    async getStream(key, opts = {}) {
      const { body, info } = await read(key, opts);
      return { stream: Readable.from([body]), info };
    },
    async put(key: string, body: PutBody, opts: PutOptions = {}) {
      const plain = await collectBody(body, opts.signal);
      const info = await store.put(key, seal(key, plain), { ...opts, metadata: { ...opts.metadata, [SIZE_KEY]: String(plain.byteLength) } });
      return { ...plainInfo(info), size: plain.byteLength };
    },
    async head(key, opts) {
      const info = await store.head(key, opts);
      return info && plainInfo(info);
    },
    delete: (key, opts) => store.delete(key, opts),
    async *list(prefix, opts) {
      for await (const entry of store.list(prefix, opts)) yield entry.kind === 'object' ? { ...entry, ...plainInfo(entry) } : entry;
    },
    async copy(from, to, opts = {}) {
      // The ciphertext is bound to its key, so a copy is decrypted and sealed again for its new key.
      const { body, info } = await read(from, opts.signal ? { signal: opts.signal } : {});
      return this.put(to, body, { ...(info.contentType ? { contentType: info.contentType } : {}), ...(info.metadata ? { metadata: info.metadata } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
    },
    // A tier move leaves the ciphertext as it is, so it passes straight through.
    ...(store.setStorageClass
      ? { setStorageClass: async (key: string, storageClass: string, opts?: SetStorageClassOptions) => plainInfo(await store.setStorageClass!(key, storageClass, opts)) }
      : {}),
    close: async () => store.close?.(),
  }, store, 'encryption');
}
