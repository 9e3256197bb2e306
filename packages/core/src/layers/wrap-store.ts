import { isStreamBody } from '../body/body';
import type { ListEntry, ObjectInfo } from '../spec/object-info';
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
import type { Interceptor, OperationCall, StoreOperation } from './operation';
import { LIST_PAGES, listPages, pagedList } from './paged-list';

/**
 * The one place that knows the ObjectStore method list: returns a store that sends every call
 * of `inner` through `intercept`, and forwards `provider`, `location`, `capabilities`,
 * `presign` and `setStorageClass` (only when `inner` has them) and `close`. Listing goes through page by page.
 */
export function wrapStore(inner: ObjectStore, intercept: Interceptor): ObjectStore {
  const call = (operation: StoreOperation, key: unknown, options: CallOptions | undefined, extra: Partial<OperationCall> = {}): OperationCall => ({
    operation,
    key: typeof key === 'string' ? key : String(key),
    signal: options?.signal,
    replayable: true,
    ...(options === undefined ? {} : { options }),
    ...extra,
  });
  const withSignal = <O extends CallOptions>(options: O | undefined, signal: AbortSignal | undefined): O =>
    (signal === undefined ? { ...options } : { ...options, signal }) as O;

  const store: ObjectStore = {
    get provider() {
      return inner.provider;
    },
    get location() {
      return inner.location;
    },
    get capabilities() {
      return inner.capabilities;
    },

    get(key: string, options?: GetOptions): Promise<GetResult> {
      return intercept(call('get', key, options), (signal) => inner.get(key, withSignal(options, signal)));
    },
    getStream(key: string, options?: GetOptions): Promise<GetStreamResult> {
      return intercept(call('getStream', key, options), (signal) => inner.getStream(key, withSignal(options, signal)));
    },
    put(key: string, body: PutBody, options?: PutOptions): Promise<ObjectInfo> {
      const replayable = !(body !== null && body !== undefined && isStreamBody(body));
      return intercept(call('put', key, options, { body, replayable }), (signal) => inner.put(key, body, withSignal(options, signal)));
    },
    head(key: string, options?: CallOptions): Promise<ObjectInfo | undefined> {
      return intercept(call('head', key, options), (signal) => inner.head(key, withSignal(options, signal)));
    },
    delete(key: string, options?: DeleteOptions): Promise<boolean> {
      return intercept(call('delete', key, options), (signal) => inner.delete(key, withSignal(options, signal)));
    },
    list(prefix = '', options: ListOptions = {}): AsyncIterable<ListEntry> {
      return pagedList(inner, intercept, prefix, options);
    },
    copy(from: string, to: string, options?: CopyOptions): Promise<ObjectInfo> {
      return intercept(call('copy', from, options), (signal) => inner.copy(from, to, withSignal(options, signal)));
    },
    async close(): Promise<void> {
      await inner.close?.();
    },
  };
  Object.defineProperty(store, LIST_PAGES, { value: (prefix: string, options: ListOptions) => listPages(inner, intercept, prefix, options), enumerable: false });
  if (inner.presign) {
    const presign = inner.presign.bind(inner);
    store.presign = (key: string, options: PresignOptions) => intercept(call('presign', key, options), (signal) => presign(key, withSignal(options, signal)));
  }
  if (inner.setStorageClass) {
    const setStorageClass = inner.setStorageClass.bind(inner);
    store.setStorageClass = (key: string, storageClass: string, options?: SetStorageClassOptions) =>
      intercept(call('setStorageClass', key, options), (signal) => setStorageClass(key, storageClass, withSignal(options, signal)));
  }
  return store;
}
