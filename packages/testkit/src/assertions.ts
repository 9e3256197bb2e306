import { type ErrorCode, isStorageError } from '@agentmap/storage-core';
import { expect } from 'vitest';

/** Asserts that a promise rejects with a StorageError of the given code. */
export async function expectStorageError(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a StorageError ${code}`).toBeDefined();
  if (!isStorageError(caught)) throw new Error(`expected a StorageError ${code}, got ${String(caught)}`, { cause: caught });
  expect(caught.code).toBe(code);
}

/** Collects a listing. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
