import { randomUUID } from 'node:crypto';
import { type ObjectStore, isStorageError } from '@agentmap/storage-core';
import { type RunningS3rver, type StartS3rverOptions, startS3rver } from '@agentmap/test-servers';
import { afterAll, beforeAll, expect } from 'vitest';
import { createS3Store } from '../../src/index';
import type { S3StoreOptions } from '../../src/options';

// The SDK warns once per process that future releases need Node 22; the tests run on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export type { RunningS3rver };

/** Starts s3rver (behind the conditional proxy unless told otherwise) for one test file. */
export function startEmulator(options: StartS3rverOptions = {}): Promise<RunningS3rver> {
  return startS3rver(options);
}

/** A fresh bucket name, so test files and runs never share state. */
export function bucketName(label = 'test'): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** Store options for a bucket on the emulator; `url` overrides where the client connects. */
export function emulatorOptions(server: RunningS3rver, overrides: Partial<S3StoreOptions> = {}): S3StoreOptions {
  return {
    bucket: bucketName(),
    endpoint: server.url,
    region: server.region,
    credentials: { ...server.credentials },
    createBucket: true,
    ...overrides,
  };
}

export function emulatorStore(server: RunningS3rver, overrides: Partial<S3StoreOptions> = {}) {
  return createS3Store(emulatorOptions(server, overrides));
}

/**
 * Starts an emulator before the tests of the enclosing describe and stops it after them;
 * returns an accessor for the running server.
 */
export function useEmulator(options: StartS3rverOptions = {}): () => RunningS3rver {
  let server: RunningS3rver | undefined;
  beforeAll(async () => {
    server = await startEmulator(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the emulator has not started');
    return server;
  };
}

/** A store on the emulator of `useEmulator`, made before the tests and closed after them. */
export function useStore(emulator: () => RunningS3rver, overrides: Partial<S3StoreOptions> = {}): () => ObjectStore {
  let store: ObjectStore | undefined;
  beforeAll(() => {
    store = emulatorStore(emulator(), overrides);
  });
  afterAll(async () => {
    await store?.close?.();
  });
  return () => {
    if (!store) throw new Error('the store has not been made');
    return store;
  };
}

/** What `fn` throws (undefined when it returns). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The StorageError `run` throws, asserted to be of `code`. */
export function failure(run: () => unknown, code: string): Error {
  const caught = thrown(run);
  expect(isStorageError(caught), String(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  return caught as Error;
}
