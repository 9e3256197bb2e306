import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { StorageError } from '@agentmap/storage-core';
import { validateBucketName } from './bucket';
import { PROVIDER } from './errors';

/** Server-side encryption applied to every object this store writes. */
export interface S3Encryption {
  /** `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse`. */
  serverSideEncryption: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
  /** KMS key id or ARN, for the `aws:kms` variants (the bucket's default key when omitted). */
  kmsKeyId?: string;
  /** KMS encryption context: extra authenticated data, sent as base64 JSON. */
  encryptionContext?: Record<string, string>;
  /** Use an S3 Bucket Key for SSE-KMS, cutting KMS requests. */
  bucketKeyEnabled?: boolean;
}

/**
 * Options of {@link createS3Store}: the bucket, the options every cloud backend shares
 * (`retries`, `timeoutMs`), connection and credentials, and S3's own settings. Names follow
 * the AWS SDK's where it has one. An unknown or misplaced option is `INVALID_ARGUMENT`
 * naming where it belongs.
 */
export interface S3StoreOptions {
  /** The bucket this store is bound to. */
  bucket: string;
  /**
   * Retries of a failed request after the first attempt (a refused or reset connection, an
   * attempt past `timeoutMs`, 500, 503, throttling), by the SDK's retry strategy
   * (`maxAttempts = retries + 1`). Each request is retried on its own: one part of a
   * multipart upload, one listing page. Default 3; 0 when you put core's `withRetry` around
   * the store instead.
   */
  retries?: number;
  /**
   * Bound on each request attempt, in ms (connect, send, first response byte). Default
   * 30 000. Large single uploads and streamed downloads are bounded by inactivity of this
   * length instead.
   */
  timeoutMs?: number;
  /** AWS region; defaults to the SDK's chain (`AWS_REGION`, profile), or `us-east-1` with a custom `endpoint`. */
  region?: string;
  /** Endpoint of an S3-compatible store (MinIO, R2, s3rver): `http://127.0.0.1:9000`. */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`). Defaults to true when `endpoint` is set, else false. */
  forcePathStyle?: boolean;
  /**
   * Static keys or a credential provider. When omitted, the SDK's default chain is used
   * (environment, shared config, SSO, web identity, container and instance roles).
   */
  credentials?: S3ClientConfig['credentials'];
  /** Create the bucket on first use when it does not exist. Default false. */
  createBucket?: boolean;
  /** The SDK's retry mode: `adaptive` also rate-limits the client after throttling. Default `standard`. */
  retryMode?: 'standard' | 'adaptive';
  /** Most sockets open at once (the HTTP agents' `maxSockets`). Default 50. */
  maxSockets?: number;
  /** Bodies of known size above this many bytes go up in parts. Default 64 MiB. */
  multipartThreshold?: number;
  /** Size of each part of a multipart upload, at least 5 MiB. Default 8 MiB. */
  partSize?: number;
  /** Parts uploaded in parallel (lib-storage's `queueSize`). Default 4. */
  queueSize?: number;
  /** Server-side encryption of written objects. Default: the bucket's default encryption. */
  encryption?: S3Encryption;
  /**
   * Whether the server enforces `If-Match` / `If-None-Match` (Amazon S3, MinIO and R2 do).
   * Set false for one that does not: conditional calls then fail with `UNSUPPORTED`
   * instead of silently overwriting. Default true.
   */
  conditionalWrites?: boolean;
  /** Checksums on requests (SDK option). Default `WHEN_SUPPORTED` on AWS, `WHEN_REQUIRED` with a custom endpoint. */
  requestChecksumCalculation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** Checksum validation of responses (SDK option). Same defaults as `requestChecksumCalculation`. */
  responseChecksumValidation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /**
   * A client you configured yourself; connection options (`retries`, `timeoutMs`, `region`,
   * `endpoint`, credentials, sockets, checksums) are then the client's and the client is not
   * destroyed by `close()`.
   */
  client?: S3Client;
  /** @deprecated Use `retries`: `maxAttempts` counts the first attempt too, so `maxAttempts: 4` is `retries: 3`. */
  maxAttempts?: number;
}

/** The option names {@link createS3Store} takes, for `validateOptions`. */
export const S3_OPTION_NAMES: readonly (keyof S3StoreOptions)[] = [
  'bucket',
  'retries',
  'timeoutMs',
  'region',
  'endpoint',
  'forcePathStyle',
  'credentials',
  'createBucket',
  'retryMode',
  'maxSockets',
  'multipartThreshold',
  'partSize',
  'queueSize',
  'encryption',
  'conditionalWrites',
  'requestChecksumCalculation',
  'responseChecksumValidation',
  'client',
  'maxAttempts',
];

/** Where options meant for another place belong, for the message that refuses them. */
export const MISPLACED_OPTIONS: Readonly<Record<string, string>> = {
  retry_count: 'it is the config key (providers.aws.retry_count); createS3Store takes retries',
  timeout: 'createS3Store takes timeoutMs (milliseconds per request attempt); timeout in seconds is the config key providers.aws.timeout',
  default_bucket: 'it is the config key (providers.aws.default_bucket), read by the router; createS3Store takes bucket',
  access_key: 'it is the config key (providers.aws.access_key); createS3Store takes credentials: { accessKeyId, secretAccessKey }',
  secret_key: 'it is the config key (providers.aws.secret_key); createS3Store takes credentials: { accessKeyId, secretAccessKey }',
  accessKeyId: 'keys go inside credentials: { accessKeyId, secretAccessKey }',
  secretAccessKey: 'keys go inside credentials: { accessKeyId, secretAccessKey }',
  endpoint_url: 'createS3Store takes endpoint',
  retryCount: 'createS3Store takes retries (the same count of retries after the first attempt)',
  maxTries: 'createS3Store counts retries after the first attempt: maxTries: 4 is retries: 3',
  container: 'S3 stores objects in buckets: createS3Store takes bucket',
  kmsKeyId: 'it belongs inside encryption: { serverSideEncryption: "aws:kms", kmsKeyId }',
  serverSideEncryption: 'it belongs inside encryption: { serverSideEncryption }',
};

/** Options after defaults, as the store's parts use them. */
export interface ResolvedS3Options {
  bucket: string;
  createBucket: boolean;
  retries: number;
  multipartThreshold: number;
  partSize: number;
  queueSize: number;
  timeoutMs: number;
  encryption: S3Encryption | undefined;
  conditionalWrites: boolean;
}

export const MIB = 1024 * 1024;
/** S3's smallest part (except the last). */
export const MIN_PART_SIZE = 5 * MIB;
/** Most retries a store accepts: beyond this a failing endpoint would hold callers for minutes. */
export const MAX_RETRIES = 20;
export const DEFAULTS = {
  retries: 3,
  timeoutMs: 30_000,
  multipartThreshold: 64 * MIB,
  partSize: 8 * MIB,
  queueSize: 4,
  maxSockets: 50,
} as const;

/**
 * Applies defaults and checks every number, so a bad option fails at creation naming itself.
 * `maxAttempts` (deprecated) is read as `retries + 1`; both given and disagreeing is refused.
 */
export function resolveOptions(options: S3StoreOptions): ResolvedS3Options {
  const bucket = validateBucketName(options.bucket);
  const whole = (name: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER, hint = ''): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      throw new StorageError('INVALID_ARGUMENT', `S3 option ${name} must be a whole number ${range}${hint}; got ${JSON.stringify(value) ?? String(value)}.`, { provider: PROVIDER });
    }
    return value;
  };
  const retries = whole('retries', options.retries, DEFAULTS.retries, 0, MAX_RETRIES);
  const attempts = whole('maxAttempts', options.maxAttempts, retries + 1, 1, MAX_RETRIES + 1);
  if (options.retries !== undefined && options.maxAttempts !== undefined && attempts !== retries + 1) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `S3 options retries (${retries}) and maxAttempts (${attempts}) disagree: maxAttempts is the deprecated name of retries + 1; set retries only.`,
      { provider: PROVIDER },
    );
  }
  whole('maxSockets', options.maxSockets, DEFAULTS.maxSockets, 1);
  return {
    bucket,
    createBucket: options.createBucket ?? false,
    retries: attempts - 1,
    multipartThreshold: whole('multipartThreshold', options.multipartThreshold, DEFAULTS.multipartThreshold, 0),
    partSize: whole('partSize', options.partSize, DEFAULTS.partSize, MIN_PART_SIZE, Number.MAX_SAFE_INTEGER, " (5 MiB, S3's smallest part)"),
    queueSize: whole('queueSize', options.queueSize, DEFAULTS.queueSize, 1),
    timeoutMs: whole('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, 1),
    encryption: options.encryption,
    conditionalWrites: options.conditionalWrites ?? true,
  };
}
