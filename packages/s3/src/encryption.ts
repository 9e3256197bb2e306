import { StorageError } from '@agentmap/storage-core';
import { PROVIDER } from './errors';
import type { S3Encryption } from './options';

/** The SSE fields shared by PutObject, CreateMultipartUpload and CopyObject. */
export interface SseParams {
  ServerSideEncryption?: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
  SSEKMSKeyId?: string;
  SSEKMSEncryptionContext?: string;
  BucketKeyEnabled?: boolean;
}

const ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);

/**
 * Turns the store's encryption option into request fields, refusing combinations S3 would
 * reject (a KMS key or context with AES256) before any request is sent.
 */
export function sseParams(encryption: S3Encryption | undefined): SseParams {
  if (encryption === undefined) return {};
  const { serverSideEncryption, kmsKeyId, encryptionContext, bucketKeyEnabled } = encryption;
  if (!ALGORITHMS.has(serverSideEncryption)) {
    throw new StorageError('INVALID_ARGUMENT', `Unknown server-side encryption ${JSON.stringify(serverSideEncryption)}: use AES256, aws:kms or aws:kms:dsse (providers.aws.encryption.server_side_encryption).`, {
      provider: PROVIDER,
    });
  }
  const kms = serverSideEncryption !== 'AES256';
  if (!kms && (kmsKeyId !== undefined || encryptionContext !== undefined)) {
    throw new StorageError('INVALID_ARGUMENT', 'A KMS key id or encryption context needs server-side encryption aws:kms (providers.aws.encryption.server_side_encryption).', {
      provider: PROVIDER,
    });
  }
  if (encryptionContext !== undefined) {
    for (const [name, value] of Object.entries(encryptionContext)) {
      if (typeof value !== 'string') {
        throw new StorageError('INVALID_ARGUMENT', `KMS encryption context values must be strings; "${name}" is ${typeof value}.`, { provider: PROVIDER });
      }
    }
  }
  return {
    ServerSideEncryption: serverSideEncryption,
    ...(kmsKeyId === undefined ? {} : { SSEKMSKeyId: kmsKeyId }),
    ...(encryptionContext === undefined ? {} : { SSEKMSEncryptionContext: Buffer.from(JSON.stringify(encryptionContext)).toString('base64') }),
    ...(bucketKeyEnabled === undefined ? {} : { BucketKeyEnabled: bucketKeyEnabled }),
  };
}
