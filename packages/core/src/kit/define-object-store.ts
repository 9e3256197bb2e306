import { raceAbort } from './race-abort';
import { StorageError, throwIfAborted } from '../errors/storage-error';
import { checkConditions } from './conditions';
import { validateKey, validatePrefix } from '../keys/validate-key';
import type { StoreCapabilities } from '../spec/capabilities';
import type { ListEntry } from '../spec/object-info';
import type {
  CallOptions,
  CopyOptions,
  DeleteOptions,
  GetOptions,
  GetResult,
  GetStreamResult,
  ListOptions,
  ObjectStore,
  PresignOptions,
  PutBody,
  PutOptions,
  SetStorageClassOptions,
} from '../spec/object-store';
import type { ObjectInfo } from '../spec/object-info';

/**
 * The operations a backend implements, each called only after the shared checks of
 * {@link defineObjectStore} passed: keys are valid, the store is open, the signal has not
 * fired, and the namespace is ready. Optional operations left out are `UNSUPPORTED`.
 */
export interface ObjectStoreOperations {
  get(key: string, options: GetOptions): Promise<GetResult>;
  getStream(key: string, options: GetOptions): Promise<GetStreamResult>;
  put(key: string, body: PutBody, options: PutOptions): Promise<ObjectInfo>;
  head(key: string, options: CallOptions): Promise<ObjectInfo | undefined>;
  delete(key: string, options: DeleteOptions): Promise<boolean>;
  list(prefix: string, options: ListOptions): AsyncIterable<ListEntry>;
  copy?(from: string, to: string, options: CopyOptions): Promise<ObjectInfo>;
  presign?(key: string, options: PresignOptions): Promise<string>;
  /** Called only with a class listed in `capabilities.storageClasses`. */
  setStorageClass?(key: string, storageClass: string, options: SetStorageClassOptions): Promise<ObjectInfo>;
}

/** What {@link defineObjectStore} needs to know about a backend besides its operations. */
export interface ObjectStoreDefinition extends ObjectStoreOperations {
  /** The backend's name on errors and metrics: `s3`, `azure`, a plugin's. */
  provider: string;
  /** What the store is bound to, for messages (`s3://bucket`). Holds no secret. */
  location: string;
  capabilities: StoreCapabilities;
  /**
   * Awaited before every operation until it first succeeds (creating a bucket, checking a
   * container): a failure is thrown to that caller and the next operation tries again.
   */
  ready?(signal: AbortSignal | undefined): Promise<void>;
  /** Releases clients and sockets; called once, by the first `close()`. */
  close?(): Promise<void>;
}

/**
 * Builds an {@link ObjectStore} from a backend's operations, doing the per-call checks every
 * backend needs in one place: keys and prefixes are validated (`INVALID_ARGUMENT`), a closed
 * store refuses calls (`INVALID_ARGUMENT` saying to create a new one), an aborted signal is
 * `ABORTED` before any I/O, malformed `ifMatch` / `ifNoneMatch` are `INVALID_ARGUMENT`, the
 * namespace is made ready once, and an optional operation the backend lacks is `UNSUPPORTED`
 * naming the provider.
 *
 * ```ts
 * export const createKvStore = (options: KvOptions) => defineObjectStore({
 *   provider: 'kv', location: `kv://${options.namespace}`, capabilities,
 *   get: (key, opts) => getObject(context, key, opts), …
 * });
 * ```
 */
export function defineObjectStore(definition: ObjectStoreDefinition): ObjectStore {
  const { provider, location } = definition;
  let closed = false;
  let readiness: Promise<void> | undefined;

  const ready = (signal: AbortSignal | undefined): Promise<void> | undefined => {
    if (!definition.ready) return undefined;
    readiness ??= definition.ready(signal).catch((error: unknown) => {
      readiness = undefined;
      throw error;
    });
    return readiness;
  };
  const begin = async (signal: AbortSignal | undefined, keys: readonly unknown[]) => {
    for (const key of keys) validateKey(key, provider);
    if (closed) throw new StorageError('INVALID_ARGUMENT', `The store for ${location} was closed; create a new one.`, { provider });
    throwIfAborted(signal, provider);
    const pending = ready(signal);
    // Readiness is shared by every caller; one whose signal fires stops waiting for it at once.
    if (pending) await (signal ? raceAbort(pending, signal, provider) : pending);
    throwIfAborted(signal, provider);
  };
  const unsupported = (operation: string) =>
    new StorageError('UNSUPPORTED', `The ${provider} backend has no ${operation}; check store.capabilities before calling it.`, { provider });

  const store: ObjectStore = {
    provider,
    location,
    capabilities: definition.capabilities,
    async get(key, options = {}) {
      await begin(options.signal, [key]);
      return definition.get(key, options);
    },
    async getStream(key, options = {}) {
      await begin(options.signal, [key]);
      return definition.getStream(key, options);
    },
    async put(key, body, options = {}) {
      checkConditions(options, key, provider);
      await begin(options.signal, [key]);
      return definition.put(key, body, options);
    },
    async head(key, options = {}) {
      await begin(options.signal, [key]);
      return definition.head(key, options);
    },
    async delete(key, options = {}) {
      checkConditions(options, key, provider);
      await begin(options.signal, [key]);
      return definition.delete(key, options);
    },
    async *list(prefix = '', options = {}) {
      validatePrefix(prefix, provider);
      await begin(options.signal, []);
      yield* definition.list(prefix, options);
    },
    async copy(from, to, options = {}) {
      checkConditions(options, to, provider);
      await begin(options.signal, [from, to]);
      if (!definition.copy) throw unsupported('copy');
      return definition.copy(from, to, options);
    },
    async close() {
      if (closed) return;
      closed = true;
      await definition.close?.();
    },
  };
  if (definition.presign) {
    store.presign = async (key, options) => {
      await begin(options?.signal, [key]);
      return definition.presign!(key, options);
    };
  }
  if (definition.setStorageClass) {
    const classes = definition.capabilities.storageClasses ?? [];
    store.setStorageClass = async (key, storageClass, options = {}) => {
      checkConditions(options, key, provider);
      if (typeof storageClass !== 'string' || !classes.includes(storageClass)) {
        throw new StorageError('INVALID_ARGUMENT', `The ${provider} backend has no storage class ${JSON.stringify(String(storageClass)).slice(0, 80)}; use one of ${classes.join(', ')}.`, { provider });
      }
      await begin(options.signal, [key]);
      return definition.setStorageClass!(key, storageClass, options);
    };
  }
  return store;
}
