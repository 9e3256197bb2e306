import { existsSync } from 'node:fs';
import { Storage, type StorageOptions } from '@google-cloud/storage';
import { StorageError } from '@agentmap/storage-core';
import { validateOptions } from '@agentmap/storage-core/kit';
import { PROVIDER } from './errors';
import {
  CHUNK_UNIT,
  DEFAULT_CHUNK_SIZE,
  DEFAULT_RESUMABLE_THRESHOLD,
  DEFAULT_RETRIES,
  DEFAULT_RETRY_MIN_DELAY_MS,
  GCS_OPTION_NAMES,
  type GcsStoreOptions,
  MISPLACED_OPTIONS,
  OWNED_SDK_OPTIONS,
  type ResolvedGcsOptions,
} from './options';

/** Project used against emulators when none is given: they accept any, and bucket creation needs one. */
const EMULATOR_PROJECT = 'agentmap-local';

/** `http://host:port` from an `apiEndpoint` or `STORAGE_EMULATOR_HOST` value (scheme added, `/storage/v1` and slashes dropped). */
export function normaliseEndpoint(value: string): string {
  const withScheme = /^https?:\/\//i.test(value) ? value : `http://${value}`;
  return withScheme.replace(/\/+$/, '').replace(/\/storage\/v1$/, '');
}

/**
 * Checks options and fills in defaults. An unknown or misplaced option, or a bad value, is
 * `INVALID_ARGUMENT` naming it; a key file that is not there is `UNAUTHENTICATED`.
 */
export function resolveOptions(options: GcsStoreOptions): ResolvedGcsOptions {
  validateOptions(options, GCS_OPTION_NAMES, 'createGcsStore', { provider: PROVIDER, elsewhere: MISPLACED_OPTIONS });
  const bad = (text: string) => new StorageError('INVALID_ARGUMENT', `createGcsStore: ${text}`, { provider: PROVIDER });
  if (typeof options.bucket !== 'string' || options.bucket.trim() === '') throw bad('bucket is required (providers.gcp.default_bucket or a gs://bucket/… URI).');
  if (options.bucket.includes('/')) throw bad(`bucket "${options.bucket}" must be a bucket name, not a path.`);
  const whole = (name: string, value: number | undefined, fallback: number, unit: string) => {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value < 0) throw bad(`${name} must be a whole number${unit}, 0 or more; got ${String(value)}.`);
    return value;
  };
  const resumableThreshold = whole('resumableThreshold', options.resumableThreshold, DEFAULT_RESUMABLE_THRESHOLD, ' of bytes');
  const chunkSize = whole('chunkSize', options.chunkSize, DEFAULT_CHUNK_SIZE, ' of bytes');
  if (chunkSize < CHUNK_UNIT || chunkSize % CHUNK_UNIT !== 0) throw bad(`chunkSize must be a multiple of 256 KiB (262144); got ${chunkSize}.`);
  const retries = whole('retries', options.retries, DEFAULT_RETRIES, '');
  const retryMinDelayMs = whole('retryMinDelayMs', options.retryMinDelayMs, DEFAULT_RETRY_MIN_DELAY_MS, ' of milliseconds');
  if (options.timeoutMs !== undefined && options.timeout !== undefined && options.timeoutMs !== options.timeout) {
    throw bad(`timeout is the old name of timeoutMs; give one of them, not both (${String(options.timeout)} and ${String(options.timeoutMs)}).`);
  }
  const timeoutMs = options.timeoutMs ?? options.timeout;
  const timeoutName = options.timeoutMs === undefined ? 'timeout' : 'timeoutMs';
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw bad(`${timeoutName} must be a positive number of milliseconds; got ${String(timeoutMs)}.`);
  }
  const owned = Object.keys(options.storageOptions ?? {}).filter((name) => (OWNED_SDK_OPTIONS as readonly string[]).includes(name));
  if (owned.length > 0) throw bad(`storageOptions may not set ${owned.join(', ')}: the store sets them from its own options (apiEndpoint, projectId, keyFilename, credentials, scopes, retries, timeoutMs).`);
  if (options.keyFilename !== undefined && !existsSync(options.keyFilename)) {
    throw new StorageError('UNAUTHENTICATED', `createGcsStore: the credentials file ${options.keyFilename} does not exist; fix keyFilename (providers.gcp.credentials_file) or GOOGLE_APPLICATION_CREDENTIALS.`, {
      provider: PROVIDER,
    });
  }
  if (options.credentials !== undefined && (typeof options.credentials.client_email !== 'string' || typeof options.credentials.private_key !== 'string')) {
    throw new StorageError('UNAUTHENTICATED', 'createGcsStore: credentials must be a service-account key with client_email and private_key (the JSON key file, parsed).', { provider: PROVIDER });
  }
  const custom = options.apiEndpoint ?? process.env.STORAGE_EMULATOR_HOST;
  const { timeout: _alias, ...rest } = options;
  return {
    ...rest,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    resumableThreshold,
    chunkSize,
    retries,
    retryMinDelayMs,
    endpoint: custom ? normaliseEndpoint(custom) : undefined,
  };
}

/**
 * Builds the SDK client. Its automatic retries are off: the SDK switches them on and off per
 * request on one shared setting (racy under concurrency), takes no count per call and starts
 * its backoff at a second. This store retries each request itself (see `retry.ts`) and
 * resumes its own resumable sessions.
 */
export function createClient(options: ResolvedGcsOptions): Storage {
  const storage = new Storage({
    ...options.storageOptions,
    ...(options.projectId ?? (options.endpoint ? EMULATOR_PROJECT : undefined) ? { projectId: options.projectId ?? EMULATOR_PROJECT } : {}),
    ...(options.keyFilename ? { keyFilename: options.keyFilename } : {}),
    ...(options.credentials ? { credentials: options.credentials as StorageOptions['credentials'] } : {}),
    ...(options.scopes ? { scopes: options.scopes } : {}),
    ...(options.endpoint ? { apiEndpoint: options.endpoint, useAuthWithCustomEndpoint: options.useAuthWithCustomEndpoint ?? false } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    retryOptions: { autoRetry: false, maxRetries: 0 },
  });
  pinEndpoint(storage, options.endpoint);
  return storage;
}

/**
 * The SDK sends JSON API calls to `STORAGE_EMULATOR_HOST` as given whenever that variable is
 * set, ignoring `apiEndpoint` and leaving out `/storage/v1`. Pin the base URL to the endpoint
 * this store was configured with, in the API's own path form.
 */
function pinEndpoint(client: Storage, endpoint: string | undefined): void {
  if (endpoint === undefined) return;
  (client as unknown as { baseUrl: string }).baseUrl = `${endpoint}/storage/v1`;
  (client as unknown as { apiEndpoint: string }).apiEndpoint = endpoint;
}
