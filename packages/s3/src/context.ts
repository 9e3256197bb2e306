import type { S3Client } from '@aws-sdk/client-s3';
import type { SseParams } from './encryption';
import { type ErrorContext, mapS3Error } from './errors';
import type { ResolvedS3Options } from './options';

/**
 * What the store's operations share: the client and the resolved options. Each operation
 * runs after `defineObjectStore`'s checks (valid keys, open store, live signal, bucket ready).
 */
export interface StoreContext {
  client: S3Client;
  options: ResolvedS3Options;
  /** The server-side encryption fields of every write request. */
  sse: SseParams;
}

/** Runs one SDK call and maps whatever it throws onto a StorageError. */
export async function call<T>(fn: () => Promise<T>, context: ErrorContext): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw mapS3Error(error, context);
  }
}
