import { Readable } from 'node:stream';
import { assertBody, collectBody, destroyOnAbort } from '../../body/body';
import { StorageError, throwIfAborted } from '../../errors/storage-error';
import { groupByDelimiter } from '../../keys/group-listing';
import { compareKeys, validateKey, validatePrefix } from '../../keys/validate-key';
import type { StoreCapabilities } from '../../spec/capabilities';
import type { ListEntry, ObjectEntry, ObjectInfo } from '../../spec/object-info';
import type {
  CallOptions,
  CopyOptions,
  DeleteOptions,
  GetOptions,
  GetResult,
  GetStreamResult,
  ListOptions,
  ObjectStore,
  PutBody,
  PutOptions,
} from '../../spec/object-store';
import { normaliseMetadata } from '../shared/metadata';
import { checkPrecondition, sliceRange } from '../shared/preconditions';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** A name shown in messages and metrics (`memory://<name>`). */
  name?: string;
}

interface Entry {
  body: Uint8Array;
  info: ObjectInfo;
}

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

/** Bytes per chunk of a getStream. */
const STREAM_SLICE = 64 * 1024;

/**
 * An ObjectStore held in this process's memory: for tests, quick starts and as a reference
 * implementation of the contract. Objects are copied in and out, so callers cannot mutate
 * what is stored.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): ObjectStore {
  const objects = new Map<string, Entry>();
  const provider = 'memory';
  const instance = Math.random().toString(36).slice(2, 8);
  let version = 0;
  const nextEtag = () => `"${instance}-${(++version).toString(36)}"`;

  const lookup = (key: string): Entry => {
    const entry = objects.get(key);
    if (!entry) throw new StorageError('NOT_FOUND', `Object "${key}" does not exist in memory store.`, { provider, key });
    return entry;
  };
  const cloneInfo = (info: ObjectInfo): ObjectInfo => ({
    ...info,
    lastModified: new Date(info.lastModified),
    ...(info.metadata ? { metadata: { ...info.metadata } } : {}),
  });
  const store = (key: string, body: Uint8Array, contentType: string | undefined, metadata: Record<string, string> | undefined) => {
    const info: ObjectInfo = {
      key,
      size: body.byteLength,
      etag: nextEtag(),
      lastModified: new Date(),
      contentType: contentType ?? 'application/octet-stream',
      metadata: normaliseMetadata(metadata),
    };
    objects.set(key, { body: body.slice(), info });
    return cloneInfo(info);
  };

  return {
    provider,
    location: `memory://${options.name ?? instance}`,
    capabilities: CAPABILITIES,

    async get(key: string, opts: GetOptions = {}): Promise<GetResult> {
      validateKey(key, provider);
      throwIfAborted(opts.signal, provider);
      const entry = lookup(key);
      return { body: sliceRange(entry.body, opts.range, key, provider).slice(), info: cloneInfo(entry.info) };
    },

    async getStream(key: string, opts: GetOptions = {}): Promise<GetStreamResult> {
      const { body, info } = await this.get(key, opts);
      // In slices, so an abort between them ends the read as it would on a real backend.
      const slices = Array.from({ length: Math.max(1, Math.ceil(body.byteLength / STREAM_SLICE)) }, (_, i) => body.subarray(i * STREAM_SLICE, (i + 1) * STREAM_SLICE));
      return { stream: destroyOnAbort(Readable.from(slices), opts.signal, provider), info };
    },

    async put(key: string, body: PutBody, opts: PutOptions = {}): Promise<ObjectInfo> {
      validateKey(key, provider);
      assertBody(body);
      throwIfAborted(opts.signal, provider);
      const bytes = await collectBody(body, opts.signal, provider);
      throwIfAborted(opts.signal, provider);
      // Checked after the body arrived, atomically with the store: nothing awaits in between.
      checkPrecondition(objects.get(key)?.info, opts, key, provider);
      return store(key, bytes, opts.contentType, opts.metadata);
    },

    async head(key: string, opts: CallOptions = {}): Promise<ObjectInfo | undefined> {
      validateKey(key, provider);
      throwIfAborted(opts.signal, provider);
      const entry = objects.get(key);
      return entry ? cloneInfo(entry.info) : undefined;
    },

    currentEtag(key: string): string | undefined {
      return objects.get(key)?.info.etag;
    },

    async delete(key: string, opts: DeleteOptions = {}): Promise<boolean> {
      validateKey(key, provider);
      throwIfAborted(opts.signal, provider);
      const current = objects.get(key)?.info;
      if (opts.ifMatch !== undefined) checkPrecondition(current, { ifMatch: opts.ifMatch }, key, provider, true);
      return objects.delete(key);
    },

    async *list(prefix = '', opts: ListOptions = {}): AsyncGenerator<ListEntry> {
      validatePrefix(prefix, provider);
      throwIfAborted(opts.signal, provider);
      const keys = [...objects.keys()]
        .filter((k) => k.startsWith(prefix) && (opts.startAfter === undefined || compareKeys(k, opts.startAfter) > 0))
        .sort(compareKeys);
      const entries = function* (): Generator<ObjectEntry> {
        for (const k of keys) {
          const info = objects.get(k)?.info;
          if (info) yield { kind: 'object', key: k, size: info.size, etag: info.etag, lastModified: new Date(info.lastModified) };
        }
      };
      yield* groupByDelimiter(entries(), prefix, opts.delimiter);
    },

    async copy(from: string, to: string, opts: CopyOptions = {}): Promise<ObjectInfo> {
      validateKey(from, provider);
      validateKey(to, provider);
      throwIfAborted(opts.signal, provider);
      const source = lookup(from);
      if (opts.ifMatch !== undefined) checkPrecondition(source.info, { ifMatch: opts.ifMatch }, from, provider);
      if (opts.ifNoneMatch !== undefined) checkPrecondition(objects.get(to)?.info, { ifNoneMatch: opts.ifNoneMatch }, to, provider);
      return store(to, source.body, source.info.contentType, source.info.metadata);
    },

    async close(): Promise<void> {
      objects.clear();
    },
  };
}

