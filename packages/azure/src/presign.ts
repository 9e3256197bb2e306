import { type PresignOptions, StorageError } from '@agentmap/storage-core';
import { BlobSASPermissions, SASProtocol, generateBlobSASQueryParameters } from '@azure/storage-blob';
import type { AzureContext } from './context';
import { PROVIDER } from './errors';

/** Clock skew allowed between this machine and the service. */
const SKEW_MS = 5 * 60 * 1000;

/**
 * A service SAS URL for one blob, signed with the account key: `GET` may read it, `PUT` may
 * create or replace it (the uploader must send `x-ms-blob-type: BlockBlob`). Without an account
 * key there is nothing to sign with, and the call says how to get one.
 */
export async function presignBlob(ctx: AzureContext, key: string, options: PresignOptions): Promise<string> {
  const { sharedKey } = ctx;
  if (!sharedKey) {
    throw new StorageError(
      'UNSUPPORTED',
      'presign needs the account key to sign a SAS: authenticate with account_name + account_key, or a connection string that carries AccountKey.',
      { provider: PROVIDER, key },
    );
  }
  const { method, expiresIn, contentType } = options ?? ({} as PresignOptions);
  if (method !== 'GET' && method !== 'PUT') {
    throw new StorageError('INVALID_ARGUMENT', `presign method must be "GET" or "PUT"; got ${JSON.stringify(method)}.`, { provider: PROVIDER, key });
  }
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new StorageError('INVALID_ARGUMENT', `presign expiresIn must be a positive number of seconds; got ${JSON.stringify(expiresIn)}.`, { provider: PROVIDER, key });
  }
  const blob = ctx.container.getBlobClient(key);
  const now = Date.now();
  const sas = generateBlobSASQueryParameters(
    {
      containerName: ctx.container.containerName,
      blobName: key,
      permissions: BlobSASPermissions.parse(method === 'GET' ? 'r' : 'cw'),
      startsOn: new Date(now - SKEW_MS),
      expiresOn: new Date(now + expiresIn * 1000),
      protocol: blob.url.startsWith('https:') ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
      // A SAS can only fix the content type a reader gets back.
      ...(method === 'GET' && contentType ? { contentType } : {}),
    },
    sharedKey,
  );
  return `${blob.url}?${sas.toString()}`;
}
