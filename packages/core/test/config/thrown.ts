import { StorageError } from '../../src/index';

/** The StorageError `run` throws; fails the test when it throws nothing or something else. */
export function thrownBy(run: () => unknown): StorageError {
  try {
    run();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('expected a StorageError, but nothing was thrown');
}
