/** The concerns of the object-store suite, each in its own file (keyv's test-suite is the model). */
export type ObjectStoreConcern = 'basic' | 'metadata' | 'ranges' | 'listing' | 'delete-copy' | 'bad-input' | 'conditional' | 'large' | 'presign';

/** Options of {@link describeObjectStore}. */
export interface ObjectStoreSuiteOptions {
  /** Run the large-object case (streamed in and out). Default true. */
  large?: boolean;
  /** Size of the large object in bytes. Default 64 MiB. */
  largeSize?: number;
  /** Writers in the concurrency case. Default 20. */
  concurrentWriters?: number;
  /** Only these concerns (default: all). Use it while building a backend, never to hide a failing one. */
  only?: readonly ObjectStoreConcern[];
  /** Called after the suite, e.g. to stop a server. */
  teardown?: () => Promise<void> | void;
  /** Per-test timeout in ms. Default 60 s (the large case gets 4×). */
  timeout?: number;
}
