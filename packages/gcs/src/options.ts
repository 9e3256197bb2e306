import type { StorageOptions } from '@google-cloud/storage';

/** A service-account key as found in its JSON file (the fields the SDK uses). */
export interface GcsServiceAccountKey {
  client_email: string;
  private_key: string;
  project_id?: string;
  [field: string]: unknown;
}

/** `Storage` constructor options this store sets itself, so `storageOptions` may not carry them. */
export const OWNED_SDK_OPTIONS = ['apiEndpoint', 'projectId', 'keyFilename', 'credentials', 'scopes', 'retryOptions', 'timeout', 'useAuthWithCustomEndpoint'] as const;

/**
 * Options of {@link createGcsStore}: the bucket the store is bound to, the options every
 * cloud backend shares (`retries`, `timeoutMs`), and the SDK's own words for the rest.
 */
export interface GcsStoreOptions {
  /** The bucket every key lives in. */
  bucket: string;
  /**
   * Retries of a failed request after the first attempt (`UNAVAILABLE`, `TIMEOUT`: a refused
   * or broken connection, 5xx, 429, 408), with capped exponential backoff. Each request is
   * retried on its own: one chunk of a resumable upload, one page of a listing. Default 3;
   * 0 when you put core's `withRetry` around the store instead.
   */
  retries?: number;
  /** Milliseconds one request attempt may take before it fails with `TIMEOUT`. Default: no limit. */
  timeoutMs?: number;
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
  /** First backoff cap of the retries, in ms. Default 100. */
  retryMinDelayMs?: number;
  /** Bill requests to this project (Requester Pays buckets). */
  userProject?: string;
  /** More options handed to the SDK's `Storage` constructor as they are (not those this store sets itself). */
  storageOptions?: Omit<StorageOptions, (typeof OWNED_SDK_OPTIONS)[number]>;
  /** @deprecated Use `timeoutMs`; the same milliseconds per request. */
  timeout?: number;
}

/** The option names {@link createGcsStore} takes, for `validateOptions`. */
export const GCS_OPTION_NAMES: readonly (keyof GcsStoreOptions)[] = [
  'bucket',
  'retries',
  'timeoutMs',
  'projectId',
  'keyFilename',
  'credentials',
  'scopes',
  'apiEndpoint',
  'useAuthWithCustomEndpoint',
  'createBucket',
  'resumableThreshold',
  'chunkSize',
  'kmsKeyName',
  'storageClass',
  'retryMinDelayMs',
  'userProject',
  'storageOptions',
  'timeout',
];

/** Where options meant for another place belong, for the message that refuses them. */
export const MISPLACED_OPTIONS: Readonly<Record<string, string>> = {
  retry_count: 'it is the config key (providers.gcp.retry_count); createGcsStore takes retries',
  credentials_file: 'it is the config key (providers.gcp.credentials_file); createGcsStore takes keyFilename',
  maxAttempts: 'createGcsStore counts retries after the first attempt: maxAttempts: 4 is retries: 3',
  maxTries: 'createGcsStore counts retries after the first attempt: maxTries: 4 is retries: 3',
  retryCount: 'createGcsStore takes retries (retries after the first attempt)',
  retryOptions: 'the SDK’s retries are off; createGcsStore retries each request itself, set retries',
  region: 'GCS buckets have a location set when they are created; createGcsStore takes none',
};

/** Defaults filled in, endpoint resolved. */
export interface ResolvedGcsOptions extends Omit<GcsStoreOptions, 'timeout'> {
  resumableThreshold: number;
  chunkSize: number;
  retries: number;
  retryMinDelayMs: number;
  /** The custom endpoint in use (from `apiEndpoint` or `STORAGE_EMULATOR_HOST`), without `/storage/v1`. */
  endpoint: string | undefined;
}

export const MIB = 1024 * 1024;
export const DEFAULT_RESUMABLE_THRESHOLD = 8 * MIB;
export const DEFAULT_CHUNK_SIZE = 8 * MIB;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_MIN_DELAY_MS = 100;
/** Resumable chunks must be multiples of this (GCS persists whole 256 KiB units). */
export const CHUNK_UNIT = 256 * 1024;
