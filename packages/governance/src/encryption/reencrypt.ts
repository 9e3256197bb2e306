import type { DocumentId, ObjectStore, ReadOptions, WriteOptions } from '@agentmap/storage-core';
import { envelopeKeyId, isEnvelope } from './envelope';
import { isPlainObject } from './field-paths';
import { type KeyMaterial, createKeyring } from './keyring';
import { fieldCodec } from './with-field-encryption';
import { withEncryption } from './with-encryption';

/** What a re-encryption changed. */
export interface ReencryptionReport {
  /** Documents or objects looked at. */
  checked: number;
  /** Those rewritten under the active key. */
  reencrypted: number;
}

interface ServiceLike {
  read(collection: string, documentId?: DocumentId, options?: ReadOptions): Promise<unknown>;
  write(collection: string, data: unknown, documentId?: DocumentId, options?: WriteOptions): Promise<unknown>;
}

/**
 * Rewrites every document of `collection` whose listed fields were encrypted with an older
 * key (or stored unencrypted) under the active key — the last step of a key rotation, after
 * which the old key can be retired. `service` is the plain service (not the encrypting one).
 */
export async function reencryptFields(
  service: ServiceLike,
  collection: string,
  options: { fields: readonly string[]; keys: Readonly<Record<string, KeyMaterial>>; activeKeyId?: string },
): Promise<ReencryptionReport> {
  const keyring = createKeyring(options);
  const codec = fieldCodec(keyring, options.fields, true);
  const all = await service.read(collection);
  const report: ReencryptionReport = { checked: 0, reencrypted: 0 };
  if (!isPlainObject(all)) return report;
  for (const [id, doc] of Object.entries(all)) {
    report.checked++;
    // Decrypting first fails loudly on a value no key opens, before anything is rewritten.
    const plain = codec.decryptDoc(collection, id, doc);
    if (!options.fields.some((field) => isStale(valueAt(doc, field), keyring.activeKeyId))) continue;
    await service.write(collection, codec.encryptDoc(collection, id, plain), id);
    report.reencrypted++;
  }
  return report;
}

/** The value at a dot path, or `undefined`. */
function valueAt(doc: unknown, field: string): unknown {
  let node: unknown = doc;
  for (const segment of field.split('.')) {
    if (!isPlainObject(node) || !(segment in node)) return undefined;
    node = node[segment];
  }
  return node;
}

/** True when a present value is stored unencrypted or under another key than the active one. */
function isStale(value: unknown, activeKeyId: string): boolean {
  if (value === undefined || value === null) return false;
  return !isEnvelope(value) || envelopeKeyId(value) !== activeKeyId;
}

/**
 * Re-encrypts every object under `prefix` that an older key sealed, conditionally on the
 * version read (an object changed meanwhile is left for the next run). `store` is the plain
 * store the `withEncryption` layer writes to.
 */
export async function reencryptObjects(
  store: ObjectStore,
  options: { keys: Readonly<Record<string, KeyMaterial>>; activeKeyId?: string; prefix?: string },
): Promise<ReencryptionReport> {
  const keyring = createKeyring(options);
  const sealed = withEncryption(store, { keys: options.keys, ...(options.activeKeyId === undefined ? {} : { activeKeyId: options.activeKeyId }) });
  const report: ReencryptionReport = { checked: 0, reencrypted: 0 };
  const active = Buffer.from(keyring.activeKeyId, 'utf8');
  for await (const entry of store.list(options.prefix ?? '')) {
    if (entry.kind !== 'object') continue;
    report.checked++;
    const { body, info } = await store.get(entry.key);
    const idLength = body[6] ?? 0;
    if (Buffer.from(body.subarray(7, 7 + idLength)).equals(active)) continue;
    const plain = await sealed.get(entry.key);
    const rewrapped = withEncryption(createPassthrough(store, info.etag), { keys: options.keys, ...(options.activeKeyId === undefined ? {} : { activeKeyId: options.activeKeyId }) });
    try {
      await rewrapped.put(entry.key, plain.body, { ...(info.contentType ? { contentType: info.contentType } : {}), ...(plain.info.metadata ? { metadata: plain.info.metadata } : {}) });
      report.reencrypted++;
    } catch (error) {
      if ((error as { code?: string }).code !== 'PRECONDITION_FAILED') throw error;
    }
  }
  return report;
}

/** The store, with every put made conditional on `etag`. */
function createPassthrough(store: ObjectStore, etag: string): ObjectStore {
  return { ...store, provider: store.provider, location: store.location, capabilities: store.capabilities, put: (key, body, opts) => store.put(key, body, { ...opts, ifMatch: etag }) };
}
