import { randomUUID } from 'node:crypto';
import { type RunningS3rver, type StartS3rverOptions, startS3rver } from '@agentmap/test-servers';
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
