import { type ObjectInfo, type PutBody, type PutOptions } from '@agentmap/storage-core';
import { bytesOf, checkConditions, isStreamBody, toReadable } from '@agentmap/storage-core/kit';
import type { BlobRequestConditions } from '@azure/storage-blob';
import type { AzureContext } from './context';
import { PROVIDER } from './errors';
import { decodeMetadata, encodeMetadata } from './metadata';
import { uploadBody } from './upload/upload-body';

/**
 * `put`: one request up to `multipartThreshold`, staged blocks and one conditional commit
 * above it (see {@link uploadBody}). A bad body or condition is refused before any request.
 */
export async function putBlob(ctx: AzureContext, key: string, body: PutBody, options: PutOptions): Promise<ObjectInfo> {
  const payload = isStreamBody(body) ? toReadable(body) : bytesOf(body);
  const conditions = checkedConditions(key, options);
  const contentType = options.contentType ?? 'application/octet-stream';
  const metadata = encodeMetadata(options.metadata);
  try {
    const outcome = await uploadBody(
      ctx.container.getBlockBlobClient(key),
      payload,
      { key, headers: { blobContentType: contentType }, metadata, conditions, contentLength: options.contentLength, signal: options.signal },
      ctx.settings,
    );
    return { key, size: outcome.size, etag: outcome.etag, lastModified: outcome.lastModified, contentType, metadata: decodeMetadata(metadata) };
  } catch (error) {
    throw ctx.fail(error, 'put', key, options.signal, conditions !== undefined);
  }
}

/** The SDK conditions of a write; `undefined` when it is unconditional. */
export function checkedConditions(key: string, options: { ifMatch?: string; ifNoneMatch?: '*' }): BlobRequestConditions | undefined {
  checkConditions(options, key, PROVIDER);
  if (options.ifMatch === undefined && options.ifNoneMatch === undefined) return undefined;
  return { ...(options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch }), ...(options.ifNoneMatch === undefined ? {} : { ifNoneMatch: '*' }) };
}
