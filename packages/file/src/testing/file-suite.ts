import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '@agentmap/storage-core';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import type { FileStorageOptions } from '../options';
import { createFileStorage } from '../service/file-storage';
import { chunkingSection } from './sections/chunking';
import { contentSection } from './sections/content';
import { directorySection } from './sections/directories';
import { documentSection } from './sections/documents';
import { failurePolicySection } from './sections/failure-policy';
import { modeSection } from './sections/modes';
import { policySection } from './sections/policy';
import { safetySection } from './sections/safety';
import { stalledSection } from './sections/stalled';
import { streamingSection } from './sections/streaming';
import { transferSection } from './sections/transfer';
import type { SuiteContext } from './context';

/** Options of {@link describeFileStorageSuite}. */
export interface FileStorageSuiteOptions {
  /** Bytes of the streamed round trip. Default 8 MiB. */
  streamSize?: number;
  /** Per-test timeout in ms. Default 60 s (the streamed round trip gets 4×). */
  timeout?: number;
  /** Called after the suite, e.g. to stop a server. */
  teardown?: () => Promise<void> | void;
}

/**
 * The file service's behaviour over one backend: content and write modes, directories and
 * metadata, copy and move, option enforcement, path safety against hostile names, document
 * loaders, chunking and streaming. Backends call it from a vitest file:
 *
 * ```ts
 * import { describeFileStorageSuite } from '@agentmap/storage-file/testing';
 * describeFileStorageSuite('s3', () => createS3Store({ bucket, endpoint, forcePathStyle: true }));
 * ```
 *
 * `storeFactory` runs once; every test works under its own random prefix, which is deleted
 * afterwards, so the store may hold other data. Needs the optional peers `vitest`,
 * `@agentmap/storage-testkit`, `pdf-lib`, `docx` and the loader libraries.
 */
export function describeFileStorageSuite(name: string, storeFactory: () => ObjectStore | Promise<ObjectStore>, options: FileStorageSuiteOptions = {}): void {
  const timeout = options.timeout ?? 60_000;
  describe(`file storage: ${name}`, () => {
    const run = `file-suite-${randomUUID().slice(0, 8)}`;
    let store: ObjectStore | undefined;
    let context: SuiteContext | undefined;
    let test = 0;

    beforeAll(async () => {
      store = await storeFactory();
    }, 120_000);

    beforeEach(() => {
      const s = store!;
      const prefix = `${run}/t${++test}`;
      const make = (opts?: FileStorageOptions) => createFileStorage({ store: s, prefix }, opts);
      context = {
        store: s,
        prefix,
        files: make(),
        make,
        keys: async () => {
          const out: string[] = [];
          for await (const entry of s.list(`${prefix}/`)) if (entry.kind === 'object') out.push(entry.key.slice(prefix.length + 1));
          return out;
        },
      };
    });

    afterAll(async () => {
      if (store) {
        for await (const entry of store.list(`${run}/`)) if (entry.kind === 'object') await store.delete(entry.key);
        await store.close?.();
      }
      await options.teardown?.();
    }, 120_000);

    const get = () => context!;
    describe('content', () => contentSection(get, timeout));
    describe('write modes', () => modeSection(get, timeout));
    describe('directories and metadata', () => directorySection(get, timeout));
    describe('copy and move', () => transferSection(get, timeout));
    describe('options', () => policySection(get, timeout));
    describe('path safety', () => safetySection(get, timeout));
    describe('failure policy', () => failurePolicySection(get, timeout));
    describe('documents', () => documentSection(get, timeout));
    describe('chunking', () => chunkingSection(get, timeout));
    describe('streaming', () => streamingSection(get, timeout, options.streamSize ?? 8 * 1024 * 1024));
    describe('stalled streams and aborts', () => stalledSection(get, timeout));
  });
}
