import { inspect } from 'node:util';
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

/**
 * Every way a logger may print an error, joined: `util.inspect` at full depth with hidden
 * properties, `JSON.stringify`, the stack and `String()`. A secret absent from this is absent
 * from logs, causes included.
 */
export function printedForms(error: unknown): string {
  return [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), (error as Error | undefined)?.stack ?? '', String(error)].join('\n');
}

/** The error `promise` rejects with; throws when it fulfils instead. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure, but the call succeeded');
}
