import type { ObjectStore } from '@agentmap/storage-core';
import type { FileStorageOptions } from '../options';
import type { FileStorage } from '../service/file-storage';

/** What each group of suite cases works with. */
export interface SuiteContext {
  store: ObjectStore;
  /** This test's key prefix in the store. */
  prefix: string;
  /** A file service over the store, under this test's own prefix. */
  files: FileStorage;
  /** Another service over the same prefix, with other options. */
  make: (options?: FileStorageOptions) => FileStorage;
  /** Every key under this test's prefix, relative to it, sorted. */
  keys: () => Promise<string[]>;
}

/** Returns the current test's context (set up fresh by the suite before each test). */
export type GetContext = () => SuiteContext;
