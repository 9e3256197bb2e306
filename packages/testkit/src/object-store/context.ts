import type { ObjectStore } from '@agentmap/storage-core';
import type { ObjectStoreSuiteOptions } from './options';

/** What every concern of the object-store suite shares. */
export interface SuiteContext {
  /** The store under test; set before the first test runs. */
  readonly store: ObjectStore;
  /** A key under this run's own prefix, so the store may hold other data. */
  k: (key: string) => string;
  /** Per-test timeout in ms. */
  timeout: number;
  options: ObjectStoreSuiteOptions;
}
