import type { StorageOptions } from '@google-cloud/storage';

/** A service-account key as found in its JSON file (the fields the SDK uses). */
export interface GcsServiceAccountKey {
  client_email: string;
  private_key: string;
  project_id?: string;
  [field: string]: unknown;
}

/** Options of {@link createGcsStore}: the SDK's own words, plus the bucket the store is bound to. */
export interface GcsStoreOptions {
  /** The bucket every key lives in. */
  bucket: string;
  /** Google Cloud project; needed to create buckets. Defaults to the credentials' project. */
  projectId?: string;
  /** Path of a service-account key file. Enables presigned (V4 signed) URLs. */
  keyFilename?: string;
  /** A service-account key (the parsed JSON file). Enables presigned (V4 signed) URLs. */
  credentials?: GcsServiceAccountKey;
  /** OAuth scopes to request. Default: the SDK's (full control of storage). */
  scopes?: string | string[];
  /**
   * Another endpoint than `https://storage.googleapis.com`, e.g. an emulator
   * (`http://127.0.0.1:4443`). Defaults to `STORAGE_EMULATOR_HOST` when that is set.
   */
  apiEndpoint?: string;
  /**
   * Send credentials to a custom `apiEndpoint` too (a private Google endpoint). Default false,
   * as the SDK: emulators take no credentials.
   */
  useAuthWithCustomEndpoint?: boolean;
  /** Create the bucket on first use when it does not exist (needs `projectId`). Default false. */
  createBucket?: boolean;
  /** Uploads larger than this many bytes (or streams of unknown size that grow past it) use a resumable upload. Default 8 MiB. */
  resumableThreshold?: number;
  /** Bytes per request of a resumable upload; a multiple of 256 KiB. Default 8 MiB. */
  chunkSize?: number;
  /** Cloud KMS key that encrypts new objects (CMEK): `projects/…/cryptoKeys/…`. */
  kmsKeyName?: string;
  /** Storage class of new objects (`STANDARD`, `NEARLINE`, `COLDLINE`, `ARCHIVE`). Default: the bucket's. */
  storageClass?: string;
  /** Milliseconds one HTTP request may take before it fails with `TIMEOUT`. Default: the SDK's (none). */
  timeout?: number;
  /**
   * Retries of a failed call that is safe to repeat (`UNAVAILABLE`, `TIMEOUT`), with capped
   * exponential backoff (core's `withRetry`). Default 3; 0 when you compose your own layers.
   */
  retries?: number;
  /** First backoff cap of those retries, in ms. Default 100. */
  retryMinDelayMs?: number;
  /** Bill requests to this project (Requester Pays buckets). */
  userProject?: string;
  /** More options handed to the SDK's `Storage` constructor as they are. */
  storageOptions?: Omit<StorageOptions, 'apiEndpoint' | 'projectId' | 'keyFilename' | 'credentials' | 'scopes' | 'retryOptions' | 'timeout'>;
}

/** Defaults filled in, endpoint resolved. */
export interface ResolvedGcsOptions extends GcsStoreOptions {
  resumableThreshold: number;
  chunkSize: number;
  retries: number;
  /** The custom endpoint in use (from `apiEndpoint` or `STORAGE_EMULATOR_HOST`), without `/storage/v1`. */
  endpoint: string | undefined;
}

export const MIB = 1024 * 1024;
export const DEFAULT_RESUMABLE_THRESHOLD = 8 * MIB;
export const DEFAULT_CHUNK_SIZE = 8 * MIB;
/** Resumable chunks must be multiples of this (GCS persists whole 256 KiB units). */
export const CHUNK_UNIT = 256 * 1024;
