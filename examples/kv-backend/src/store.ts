import { type ObjectInfo, type ObjectStore, type StoreCapabilities, StorageError } from '@agentmap/storage-core';
import { checkPrecondition, collectBody, compareKeys, defineObjectStore, groupByDelimiter, normaliseMetadata, sliceRange } from '@agentmap/storage-core/kit';

import { Readable } from 'node:stream';

/** Options of {@link createKvStore}. */
export interface KvStoreOptions {
  /** The namespace this store is bound to; stores of one namespace share their objects. */
  namespace: string;
  /** Largest object accepted, in bytes. Default 16 MiB. */
  maxObjectSize?: number;
}

interface Entry {
  body: Uint8Array;
  info: ObjectInfo;
}

const PROVIDER = 'kv';
const CAPABILITIES: StoreCapabilities = {
  conditionalWrite: true,
  range: true,
  presign: false,
  multipart: false,
  versioning: false,
  metadata: true,
  streaming: false,
  serverSideCopy: true,
};

/** The namespaces of this process: the "server" the example talks to. */
const namespaces = new Map<string, Map<string, Entry>>();
let version = 0;

/**
 * A key-value ObjectStore: the example of a backend built on core's kit. `defineObjectStore`
 * does the checks every backend repeats (keys, closed store, aborted signal), so each
 * operation below is only what is specific to the kv "service".
 */
export function createKvStore(options: KvStoreOptions): ObjectStore {
  const { namespace } = options;
  const maxObjectSize = options.maxObjectSize ?? 16 * 1024 * 1024;
  const objects = namespaces.get(namespace) ?? new Map<string, Entry>();
  namespaces.set(namespace, objects);

  const lookup = (key: string): Entry => {
    const entry = objects.get(key);
    if (!entry) throw new StorageError('NOT_FOUND', `Object "${key}" does not exist in kv://${namespace}.`, { provider: PROVIDER, key });
    return entry;
  };
  const copyInfo = (info: ObjectInfo): ObjectInfo => ({ ...info, lastModified: new Date(info.lastModified), ...(info.metadata ? { metadata: { ...info.metadata } } : {}) });
  const save = (key: string, body: Uint8Array, contentType: string | undefined, metadata: Record<string, string> | undefined): ObjectInfo => {
    if (body.byteLength > maxObjectSize) {
      throw new StorageError('INVALID_ARGUMENT', `Object "${key}" is ${body.byteLength} bytes; kv://${namespace} takes at most ${maxObjectSize} (max_object_size).`, { provider: PROVIDER, key });
    }
    const info: ObjectInfo = {
      key,
      size: body.byteLength,
      etag: `"kv-${(++version).toString(36)}"`,
      lastModified: new Date(),
      contentType: contentType ?? 'application/octet-stream',
      metadata: normaliseMetadata(metadata),
    };
    objects.set(key, { body: body.slice(), info });
    return copyInfo(info);
  };

  return defineObjectStore({
    provider: PROVIDER,
    location: `kv://${namespace}`,
    capabilities: CAPABILITIES,
    async get(key, opts) {
      const entry = lookup(key);
      return { body: sliceRange(entry.body, opts.range, key, PROVIDER), info: copyInfo(entry.info) };
    },
    async getStream(key, opts) {
      const entry = lookup(key);
      return { stream: Readable.from([sliceRange(entry.body, opts.range, key, PROVIDER)]), info: copyInfo(entry.info) };
    },
    async put(key, body, opts) {
      const bytes = await collectBody(body, opts.signal);
      checkPrecondition(objects.get(key)?.info, opts, key, PROVIDER);
      return save(key, bytes, opts.contentType, opts.metadata);
    },
    async head(key) {
      const entry = objects.get(key);
      return entry ? copyInfo(entry.info) : undefined;
    },
    async delete(key, opts) {
      checkPrecondition(objects.get(key)?.info, { ...(opts.ifMatch === undefined ? {} : { ifMatch: opts.ifMatch }) }, key, PROVIDER, true);
      return objects.delete(key);
    },
    async *list(prefix, opts) {
      const keys = [...objects.keys()].filter((key) => key.startsWith(prefix) && (opts.startAfter === undefined || compareKeys(key, opts.startAfter) > 0)).sort(compareKeys);
      const entries = keys.map((key) => ({ kind: 'object' as const, ...copyInfo(objects.get(key)!.info) }));
      yield* groupByDelimiter(entries, prefix, opts.delimiter);
    },
    async copy(from, to) {
      const source = lookup(from);
      return save(to, source.body, source.info.contentType, source.info.metadata);
    },
  });
}
