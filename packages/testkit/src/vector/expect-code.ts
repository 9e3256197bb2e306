import { isStorageError, type ErrorCode } from '@agentmap/storage-core';
import { expect } from 'vitest';

/** Asserts that `run` rejects with a StorageError of `code`. */
export async function expectCode(run: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await run;
  } catch (error) {
    caught = error;
  }
  if (!isStorageError(caught)) throw new Error(`expected a StorageError ${code}, got ${caught === undefined ? 'success' : caught instanceof Error ? caught.message : typeof caught}`, { cause: caught });
  expect(caught.code, caught.message).toBe(code);
}
