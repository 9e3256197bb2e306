import type { ObjectStore } from '@agentmap/storage-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { badInputTests } from './bad-input-tests';
import { consistencyTests } from './consistency-tests';
import { createFixture } from './fixture';
import { idTests } from './ids-tests';
import { queryTests } from './query-tests';
import { valueTests } from './value-tests';
import { writeTests } from './write-tests';

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
    const fixture = createFixture(() => {
      if (!store) throw new Error('the store factory has not run yet');
      return store;
    });
    idTests(fixture);
    queryTests(fixture);
    writeTests(fixture);
    valueTests(fixture);
    badInputTests(fixture);
    consistencyTests(fixture);
  });
}
