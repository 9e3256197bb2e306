import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '@agentmap/storage-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { badInputTests } from './object-store/bad-input';
import { basicTests } from './object-store/basic';
import { conditionalTests } from './object-store/conditional';
import type { SuiteContext } from './object-store/context';
import { deleteCopyTests } from './object-store/delete-copy';
import { largeObjectTests } from './object-store/large';
import { listingTests } from './object-store/listing';
import { metadataTests } from './object-store/metadata';
import type { ObjectStoreConcern, ObjectStoreSuiteOptions } from './object-store/options';
import { presignTests } from './object-store/presign';
import { rangeTests } from './object-store/ranges';

export type { ObjectStoreConcern, ObjectStoreSuiteOptions } from './object-store/options';
export { collect, expectStorageError } from './assertions';

const CONCERNS: ReadonlyArray<[ObjectStoreConcern, (suite: SuiteContext) => void]> = [
  ['basic', basicTests],
  ['metadata', metadataTests],
  ['ranges', rangeTests],
  ['listing', listingTests],
  ['delete-copy', deleteCopyTests],
  ['bad-input', badInputTests],
  ['conditional', conditionalTests],
  ['large', largeObjectTests],
  ['presign', presignTests],
];

/**
 * The conformance suite every ObjectStore passes. Call it from a vitest file:
 *
 * ```ts
 * describeObjectStore('local', () => createLocalStore({ baseDir }));
 * ```
 *
 * `factory` runs once before the tests; each test works under its own random prefix, so
 * the store may be shared with other data. A capability the backend reports as missing
 * (metadata, presign, conditional writes) makes its tests *skipped*, never passed.
 */
export function describeObjectStore(name: string, factory: () => ObjectStore | Promise<ObjectStore>, options: ObjectStoreSuiteOptions = {}): void {
  describe(`ObjectStore conformance: ${name}`, () => {
    let store: ObjectStore | undefined;
    const run = randomUUID().slice(0, 8);
    const suite: SuiteContext = {
      get store(): ObjectStore {
        if (!store) throw new Error('the store under test was not created; see the error of the suite\'s beforeAll');
        return store;
      },
      k: (key: string) => `conformance-${run}/${key}`,
      timeout: options.timeout ?? 60_000,
      options,
    };

    beforeAll(async () => {
      store = await factory();
    }, 120_000);
    afterAll(async () => {
      if (store) {
        for await (const entry of store.list(`conformance-${run}/`)) if (entry.kind === 'object') await store.delete(entry.key);
        await store.close?.();
      }
      await options.teardown?.();
    }, 120_000);

    for (const [concern, register] of CONCERNS) if (!options.only || options.only.includes(concern)) register(suite);
  });
}
