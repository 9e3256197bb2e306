import type { ObjectStore } from '@agentmap/storage-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { badInputSection } from './sections/bad-input';
import { consistencySection } from './sections/consistency';
import { createSuiteContext } from './context';
import { idSection } from './sections/ids';
import { querySection } from './sections/query';
import { valueSection } from './sections/value';
import { writeSection } from './sections/write';

/** Options of {@link describeCsvStorageSuite}. */
export interface CsvStorageSuiteOptions {
  /** Called after the suite, e.g. to stop a server or remove a directory. */
  teardown?: () => Promise<void> | void;
}

/**
 * The behaviour every store must give the CSV service: ids, formats, queries, write modes,
 * values, bad input, concurrency and caching. Call it from a vitest file:
 *
 * ```ts
 * import { describeCsvStorageSuite } from '@agentmap/storage-csv/testing';
 * describeCsvStorageSuite('s3', () => createS3Store({ bucket, endpoint, forcePathStyle: true }));
 * ```
 *
 * `storeFactory` runs once before the tests; every collection lives under a random prefix,
 * so the store may hold other data.
 */
export function describeCsvStorageSuite(name: string, storeFactory: () => ObjectStore | Promise<ObjectStore>, options: CsvStorageSuiteOptions = {}): void {
  describe(`CSV storage: ${name}`, () => {
    let store: ObjectStore | undefined;
    beforeAll(async () => {
      store = await storeFactory();
    });
    afterAll(async () => {
      await options.teardown?.();
    });
    const fixture = createSuiteContext(() => {
      if (!store) throw new Error('the store factory has not run yet');
      return store;
    });
    idSection(fixture);
    querySection(fixture);
    writeSection(fixture);
    valueSection(fixture);
    badInputSection(fixture);
    consistencySection(fixture);
  });
}
