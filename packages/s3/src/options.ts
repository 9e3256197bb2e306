import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

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

/** Options of {@link createS3Store}. Names follow the AWS SDK's where it has one. */
export interface S3StoreOptions {
  /** The bucket this store is bound to. */
  bucket: string;
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
  /**
   * Bound on each request, in ms (connect, send, first response byte). Default 30 000. Large
   * single uploads and streamed downloads are bounded by inactivity of this length instead.
   */
  timeoutMs?: number;
  /** Attempts per request, the first included (the SDK's `maxAttempts`). Default 3. */
  maxAttempts?: number;
  /** The SDK's retry mode. Default `standard`. */
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
   * A client you configured yourself; connection options above are then ignored and the
   * client is not destroyed by `close()`.
   */
  client?: S3Client;
}

/** Options after defaults, as the store's parts use them. */
export interface ResolvedS3Options {
  bucket: string;
  createBucket: boolean;
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
export const DEFAULTS = {
  timeoutMs: 30_000,
  multipartThreshold: 64 * MIB,
  partSize: 8 * MIB,
  queueSize: 4,
  maxSockets: 50,
} as const;
