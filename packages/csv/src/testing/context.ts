import { randomUUID } from 'node:crypto';
import { type ObjectStore, textOf } from '@agentmap/storage-core';
import { type CsvStorage, type CsvStorageOptions, createCsvStorage } from '@agentmap/storage-csv';
import { expect } from 'vitest';

/** What every test group of the suite works with. Each test uses its own collection names. */
export interface SuiteContext {
  /** Key prefix of the suite's collections (a folder of its own in the store). */
  prefix: string;
  store(): ObjectStore;
  /** The service under test, over the suite's prefix. */
  csv(): CsvStorage;
  /** Another service over the same store and prefix, with other options. */
  service(options: CsvStorageOptions): CsvStorage;
  /** A collection name no other test uses. */
  name(label: string): string;
  /** The store key of a collection. */
  key(collection: string): string;
  /** Stores a file as is, bypassing the service (a file from another tool). */
  put(collection: string, content: string | Uint8Array): Promise<void>;
  /** The stored text of a collection. */
  text(collection: string): Promise<string>;
  /** The stored bytes of a collection. */
  bytes(collection: string): Promise<Uint8Array>;
}

/** Builds the fixture; `ready` must have resolved the store before tests use it. */
export function createSuiteContext(getStore: () => ObjectStore): SuiteContext {
  const prefix = `csv-suite-${randomUUID().slice(0, 8)}/`;
  let counter = 0;
  let main: CsvStorage | undefined;
  const fixture: SuiteContext = {
    prefix,
    store: getStore,
    csv: () => (main ??= createCsvStorage({ store: getStore() }, { prefix })),
    service: (options) => createCsvStorage({ store: getStore() }, { prefix, ...options }),
    name: (label) => `${label}-${++counter}`,
    key: (collection) => `${prefix}${collection}.csv`,
    put: async (collection, content) => {
      await getStore().put(fixture.key(collection), content);
    },
    text: async (collection) => textOf(await fixture.bytes(collection)),
    bytes: async (collection) => (await getStore().get(fixture.key(collection))).body,
  };
  return fixture;
}

/** Asserts that a call rejects with a StorageError of `code`, and returns it for further checks. */
export async function rejectsWith(promise: Promise<unknown>, code: string): Promise<Error & { code: string; details?: Record<string, unknown> }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a StorageError ${code}`).toMatchObject({ name: 'StorageError', code });
  return error as Error & { code: string; details?: Record<string, unknown> };
}

/** Asserts that `attempt` fails with `code` and leaves the stored file byte for byte as it was. */
export async function refusedAndUntouched(f: SuiteContext, collection: string, attempt: () => Promise<unknown>, code: string) {
  const before = await f.bytes(collection);
  const error = await rejectsWith(attempt(), code);
  expect(Buffer.from(await f.bytes(collection)).equals(Buffer.from(before))).toBe(true);
  return error;
}
