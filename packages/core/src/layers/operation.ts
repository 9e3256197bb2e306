import type { PutBody } from '../spec/object-store';

/** The ObjectStore calls a layer sees. `list` is seen once per page of entries. */
export type StoreOperation = 'get' | 'getStream' | 'put' | 'head' | 'delete' | 'list' | 'copy' | 'presign' | 'setStorageClass';

/** One call passing through a layer. */
export interface OperationCall {
  operation: StoreOperation;
  /** The key; for `copy` the source, for `list` the prefix. */
  key: string;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /**
   * False when the call consumes a stream body (a `put` of a Node or Web stream): the bytes
   * are gone after the first attempt, so the call cannot be repeated.
   */
  replayable: boolean;
  /** The body of a `put`. */
  body?: PutBody;
  /** The call's options as the caller gave them (`range`, `ifMatch`…). */
  options?: object;
}

/** Runs the inner store's call with the given signal (the caller's, or one a layer derived from it). */
export type Invoke<T> = (signal: AbortSignal | undefined) => Promise<T>;

/**
 * What a layer does around each call: it may wait, retry, time out or measure, and must
 * eventually call `invoke` (zero or more times) and settle with its result or an error.
 */
export type Interceptor = <T>(call: OperationCall, invoke: Invoke<T>) => Promise<T>;
