import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '@agentmap/storage-core';
import type { JsonLayout } from '../index';
import { afterAll, beforeAll, describe } from 'vitest';
import { SuiteContext } from './context';
import { appendSection } from './sections/append';
import { badInputSection } from './sections/bad-input';
import { batchSection } from './sections/batch';
import { concurrencySection } from './sections/concurrency';
import { deleteSection } from './sections/deletes';
import { documentSection } from './sections/documents';
import { failurePolicySection } from './sections/failure-policy';
import { pathSection } from './sections/paths';
import { perDocumentFormatSection } from './sections/per-document-format';
import { querySection } from './sections/query';
import { schemaSection } from './sections/schemas';
import { singleFileFormatSection } from './sections/single-file-format';

/** Options of {@link describeJsonStorageSuite}. */
export interface JsonSuiteOptions {
  /** Layouts to run the suite over. Default both. */
  layouts?: JsonLayout[];
  /** Concurrent writers in the in-process concurrency cases. Default 16. */
  concurrentWriters?: number;
  /** Called after the suite, e.g. to stop a server. */
  teardown?: () => Promise<void> | void;
}

/**
 * The behaviour suite of the JSON service, for any ObjectStore. Call it from a vitest file:
 *
 * ```ts
 * describeJsonStorageSuite('s3', () => createS3Store({ bucket, endpoint, … }));
 * ```
 *
 * `storeFactory` runs once; everything is written under a random prefix, which is removed
 * afterwards, so the store may hold other data.
 */
export function describeJsonStorageSuite(name: string, storeFactory: () => ObjectStore | Promise<ObjectStore>, options: JsonSuiteOptions = {}): void {
  const layouts = options.layouts ?? ['single-file', 'per-document'];
  const root = `json-suite-${randomUUID().slice(0, 8)}/`;
  const contexts = layouts.map((layout) => new SuiteContext(layout, `${root}${layout}/`));
  let store: ObjectStore | undefined;

  describe(`JSON storage: ${name}`, () => {
    beforeAll(async () => {
      store = await storeFactory();
      for (const ctx of contexts) ctx.attach(store);
    }, 120_000);
    afterAll(async () => {
      if (store) {
        for await (const entry of store.list(root)) if (entry.kind === 'object') await store.delete(entry.key);
        await store.close?.();
      }
      await options.teardown?.();
    }, 120_000);

    for (const ctx of contexts) {
      describe(ctx.layout, () => {
        documentSection(ctx);
        pathSection(ctx);
        appendSection(ctx);
        querySection(ctx);
        deleteSection(ctx);
        batchSection(ctx);
        schemaSection(ctx);
        badInputSection(ctx);
        failurePolicySection(ctx);
        concurrencySection(ctx, options.concurrentWriters ?? 16);
        if (ctx.layout === 'single-file') singleFileFormatSection(ctx);
        else perDocumentFormatSection(ctx);
      });
    }
  });
}
