import { type DocumentId, type ReadOptions, StorageError, type WriteOptions } from '@agentmap/storage-core';
import { validateOptions } from '@agentmap/storage-core/kit';
import { decryptValue, encryptValue, isEnvelope } from './envelope';
import { fieldsUnder, insideField, isPlainObject, mapFields } from './field-paths';
import { type KeyMaterial, type Keyring, createKeyring } from './keyring';

const PROVIDER = 'encryption';

/** Options of {@link withFieldEncryption}. */
export interface FieldEncryptionOptions {
  /** Field names or dot paths to encrypt (`ssn`, `profile.phone`). */
  fields: readonly string[];
  /** Keys by id: 32 bytes, base64 text, or `{ passphrase }`. */
  keys: Readonly<Record<string, KeyMaterial>>;
  /** The key new writes use; older keys stay readable. */
  activeKeyId?: string;
  /** Where a row or document carries its id when a write or read names none. Default `id`. */
  idField?: string;
  /** Read values of listed fields that are stored unencrypted (written before encryption was on) instead of refusing them. Default false. */
  allowPlaintext?: boolean;
}

/** The service calls field encryption understands; every other method passes through untouched unless it writes. */
interface ServiceLike {
  read(collection: string, documentId?: DocumentId, options?: ReadOptions): Promise<unknown>;
  write(collection: string, data: unknown, documentId?: DocumentId, options?: WriteOptions): Promise<unknown>;
}

/** Methods that write data other than through `write`: refused, so nothing reaches storage unencrypted. */
const WRITING_METHODS = new Set(['batchWrite', 'writeMany', 'upsert', 'append']);
const ALLOWED = ['fields', 'keys', 'activeKeyId', 'idField', 'allowPlaintext'];

/**
 * Encrypts named fields of a JSON or CSV service's documents (AES-256-GCM, a random nonce per
 * value), bound to the collection, the document id and the field: a ciphertext copied to
 * another document or field fails to decrypt. Reads decrypt transparently; a wrong or
 * missing key is a `StorageError` (`CORRUPT_DATA`, `UNAUTHENTICATED`), never garbage and
 * never the ciphertext. Queries and sorting cannot see encrypted values.
 *
 * ```ts
 * const users = withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k1, k2 }, activeKeyId: 'k2' });
 * await users.write('users', { name: 'Ada', ssn: '078-05-1120' }, 'u1');   // ssn stored as agentmap:enc:v1:k2:…
 * ```
 */
export function withFieldEncryption<S extends ServiceLike>(service: S, options: FieldEncryptionOptions): S {
  validateOptions(options, ALLOWED, 'withFieldEncryption', { provider: PROVIDER });
  if (!Array.isArray(options.fields) || options.fields.length === 0 || options.fields.some((f) => typeof f !== 'string' || f.trim() === '')) {
    throw new StorageError('INVALID_ARGUMENT', 'withFieldEncryption needs fields: a non-empty list of field names or dot paths, such as ["ssn"].', { provider: PROVIDER });
  }
  const keyring = createKeyring({ keys: options.keys, ...(options.activeKeyId === undefined ? {} : { activeKeyId: options.activeKeyId }) });
  const fields = options.fields;
  const idField = options.idField ?? 'id';
  const codec = fieldCodec(keyring, fields, options.allowPlaintext === true);

  const write = async (collection: string, data: unknown, documentId?: DocumentId, writeOptions?: WriteOptions) => {
    const path = (writeOptions)?.path;
    const idOf = (row: unknown, fallback?: string) => documentId ?? (isPlainObject(row) ? row[writeOptions?.idField ?? idField] : undefined) ?? fallback;
    let encrypted: unknown;
    if (path !== undefined && path !== '') {
      const inside = insideField(path, fields);
      if (inside) throw new StorageError('INVALID_ARGUMENT', `"${path}" lies inside the encrypted field "${inside}"; write the whole field.`, { provider: PROVIDER });
      encrypted = codec.encryptAt(collection, requireId(idOf(undefined), collection), path, data);
    } else if (Array.isArray(data)) encrypted = data.map((row) => codec.encryptDoc(collection, requireId(idOf(row), collection), row));
    else if (documentId !== undefined) encrypted = codec.encryptDoc(collection, String(documentId), data);
    else if (isPlainObject(data) && data[writeOptions?.idField ?? idField] !== undefined) encrypted = codec.encryptDoc(collection, String(data[writeOptions?.idField ?? idField]), data);
    else if (isPlainObject(data)) encrypted = Object.fromEntries(Object.entries(data).map(([id, doc]) => [id, codec.encryptDoc(collection, id, doc)]));
    else encrypted = data;
    return service.write(collection, encrypted, documentId, writeOptions);
  };

  const read = async (collection: string, documentId?: DocumentId, readOptions?: ReadOptions) => {
    const format = (readOptions)?.format;
    if (format === 'dataframe') throw new StorageError('UNSUPPORTED', 'Field encryption cannot decrypt a dataframe read; read records instead.', { provider: PROVIDER });
    // Records of a whole collection must carry their ids to be decrypted: ask for them, and drop them again if the caller did not.
    const askedIdField = (readOptions)?.idField;
    const addIds = format === 'records' && documentId === undefined && askedIdField === undefined;
    const result = await service.read(collection, documentId, addIds ? ({ ...readOptions, idField }) : readOptions);
    if (result === undefined || result === null) return result;
    if (addIds && Array.isArray(result)) {
      return result.map((row) => {
        const plain = codec.decryptDoc(collection, requireId(isPlainObject(row) ? row[idField] : undefined, collection), row);
        if (!isPlainObject(plain)) return plain;
        const { [idField]: _id, ...rest } = plain;
        return rest;
      });
    }
    const path = readOptions?.path;
    const rowId = (row: unknown) => (isPlainObject(row) ? row[(readOptions)?.idField ?? idField] : undefined);
    if (documentId !== undefined) {
      const id = String(documentId);
      if (path !== undefined && path !== '') return codec.decryptAt(collection, id, path, result);
      return Array.isArray(result) ? result.map((row) => codec.decryptDoc(collection, id, row)) : codec.decryptDoc(collection, id, result);
    }
    if (Array.isArray(result)) return result.map((row) => codec.decryptDoc(collection, requireId(rowId(row), collection), row));
    if (isPlainObject(result)) return Object.fromEntries(Object.entries(result).map(([id, doc]) => [id, codec.decryptDoc(collection, id, doc)]));
    return result;
  };

  return new Proxy(service, {
    get(target, property, receiver) {
      if (property === 'write') return write;
      if (property === 'read') return read;
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property === 'string' && WRITING_METHODS.has(property) && typeof value === 'function') {
        return () => Promise.reject(new StorageError('UNSUPPORTED', `${property} is not available through field encryption (it would store the fields unencrypted); use write.`, { provider: PROVIDER }));
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Encrypts and decrypts the listed fields of documents; `aad` binds collection, id and field. */
export function fieldCodec(keyring: Keyring, fields: readonly string[], allowPlaintext: boolean) {
  const aad = (collection: string, id: string, field: string) => `${collection}\u0000${id}\u0000${field}`;
  const what = (collection: string, id: string, field: string) => `Field "${field}" of document "${id}" in "${collection}"`;
  const decryptOne = (collection: string, id: string, field: string, value: unknown) => {
    if (isEnvelope(value)) return decryptValue(value, keyring, aad(collection, id, field), what(collection, id, field));
    if (allowPlaintext || value === null || value === undefined) return value;
    throw new StorageError('CORRUPT_DATA', `${what(collection, id, field)} is stored unencrypted although it is listed for encryption; re-encrypt the collection, or set allowPlaintext while migrating.`, {
      provider: PROVIDER,
    });
  };
  return {
    encryptDoc: (collection: string, id: string, doc: unknown) =>
      mapFields(doc, fields, (value, field) => (value === null ? value : encryptValue(value, keyring, aad(collection, id, field)))),
    decryptDoc: (collection: string, id: string, doc: unknown) => mapFields(doc, fields, (value, field) => decryptOne(collection, id, field, value)),
    encryptAt(collection: string, id: string, path: string, value: unknown) {
      const under = fieldsUnder(path, fields);
      return under.reduce<unknown>(
        (acc, { relative, field }) =>
          relative === '' ? (acc === null ? acc : encryptValue(acc, keyring, aad(collection, id, field))) : mapFields(acc, [relative], (v) => (v === null ? v : encryptValue(v, keyring, aad(collection, id, field)))),
        value,
      );
    },
    decryptAt(collection: string, id: string, path: string, value: unknown) {
      const under = fieldsUnder(path, fields);
      return under.reduce<unknown>(
        (acc, { relative, field }) => (relative === '' ? decryptOne(collection, id, field, acc) : mapFields(acc, [relative], (v) => decryptOne(collection, id, field, v))),
        value,
      );
    },
  };
}

function requireId(id: unknown, collection: string): string {
  if (id === undefined || id === null || id === '') {
    throw new StorageError('INVALID_ARGUMENT', `Field encryption binds each value to its document id, and a document written to "${collection}" has none: pass the id, or give each row its id field.`, {
      provider: PROVIDER,
    });
  }
  if (typeof id !== 'string' && typeof id !== 'number' && typeof id !== 'bigint') {
    throw new StorageError('INVALID_ARGUMENT', `A document id in "${collection}" must be a string or a number to bind encrypted fields to it.`, { provider: PROVIDER });
  }
  return String(id);
}
