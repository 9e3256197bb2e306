import { type PresignOptions, StorageError } from '@agentmap/storage-core';
import type { GcsContext } from './context';
import { PROVIDER } from './errors';

/** V4 signed URLs last at most seven days. */
const MAX_EXPIRY_SECONDS = 604_800;

/**
 * A V4 signed URL granting `GET` or `PUT` on one object, signed locally with the configured
 * service-account key. A `PUT` URL with `contentType` must be used with that Content-Type.
 */
export async function presignObject(ctx: GcsContext, key: string, options: PresignOptions): Promise<string> {
  if (options?.method !== 'GET' && options?.method !== 'PUT') {
    throw new StorageError('INVALID_ARGUMENT', `presign needs method 'GET' or 'PUT'; got ${JSON.stringify(options?.method)}.`, { provider: PROVIDER, key });
  }
  if (!Number.isInteger(options.expiresIn) || options.expiresIn < 1 || options.expiresIn > MAX_EXPIRY_SECONDS) {
    throw new StorageError('INVALID_ARGUMENT', `presign expiresIn must be whole seconds from 1 to ${MAX_EXPIRY_SECONDS} (7 days); got ${String(options.expiresIn)}.`, { provider: PROVIDER, key });
  }
  try {
    const [url] = await ctx.file(key).getSignedUrl({
      version: 'v4',
      action: options.method === 'GET' ? 'read' : 'write',
      expires: Date.now() + options.expiresIn * 1000,
      ...(options.method === 'PUT' && options.contentType ? { contentType: options.contentType } : {}),
    });
    return url;
  } catch (error) {
    throw ctx.fail(error, 'sign a URL for', key);
  }
}
