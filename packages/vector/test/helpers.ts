import { isStorageError, type StorageError } from '@agentmap/storage-core';

/** The StorageError code `run` fails with, or undefined when it succeeds. */
export async function codeOf(run: (() => unknown) | Promise<unknown>): Promise<string | undefined> {
  try {
    await (typeof run === 'function' ? run() : run);
    return undefined;
  } catch (error) {
    if (!isStorageError(error)) throw error;
    return error.code;
  }
}

/** The StorageError `run` rejects with; fails the test when it succeeds. */
export async function errorOf(run: Promise<unknown>): Promise<StorageError> {
  try {
    await run;
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError, the call succeeded');
}
