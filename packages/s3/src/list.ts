import { ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { type ListEntry, type ListOptions, StorageError } from '@agentmap/storage-core';
import { compareKeys } from '@agentmap/storage-core/kit';
import { type StoreContext, call } from './context';
import { PROVIDER } from './errors';

/** S3 answers at most this many keys per page. */
const MAX_PAGE = 1000;

/**
 * Lists keys under `prefix` one entry at a time, asking S3 for the next page (ListObjectsV2)
 * only when the consumer has taken every entry of the current one. S3 returns objects and
 * common prefixes in separate arrays; they are merged back into key order.
 */
export async function* listObjects(context: StoreContext, prefix: string, options: ListOptions): AsyncGenerator<ListEntry> {
  const pageSize = options.pageSize ?? MAX_PAGE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new StorageError('INVALID_ARGUMENT', `pageSize must be a positive integer; got ${String(options.pageSize)}.`, { provider: PROVIDER });
  }
  if (options.delimiter !== undefined && (typeof options.delimiter !== 'string' || options.delimiter === '')) {
    throw new StorageError('INVALID_ARGUMENT', 'delimiter must be a non-empty string such as "/".', { provider: PROVIDER });
  }
  let token: string | undefined;
  do {
    const page: ListObjectsV2CommandOutput = await call(
      () =>
        context.client.send(
          new ListObjectsV2Command({
            Bucket: context.options.bucket,
            Prefix: prefix || undefined,
            Delimiter: options.delimiter,
            MaxKeys: Math.min(pageSize, MAX_PAGE),
            ...(token === undefined ? { StartAfter: options.startAfter } : { ContinuationToken: token }),
          }),
          { abortSignal: options.signal },
        ),
      { bucket: context.options.bucket, signal: options.signal, action: 's3:ListBucket' },
    );
    yield* pageEntries(page);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

/** One page's objects and common prefixes, merged in key order. */
function pageEntries(page: ListObjectsV2CommandOutput): ListEntry[] {
  const entries: ListEntry[] = [];
  for (const object of page.Contents ?? []) {
    if (object.Key === undefined) continue;
    entries.push({
      kind: 'object',
      key: object.Key,
      size: object.Size ?? 0,
      ...(object.ETag === undefined ? {} : { etag: object.ETag }),
      ...(object.StorageClass === undefined ? {} : { storageClass: object.StorageClass }),
      ...(object.LastModified === undefined ? {} : { lastModified: object.LastModified }),
    });
  }
  for (const common of page.CommonPrefixes ?? []) if (common.Prefix !== undefined) entries.push({ kind: 'prefix', prefix: common.Prefix });
  const sortKey = (entry: ListEntry) => (entry.kind === 'object' ? entry.key : entry.prefix);
  return entries.sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
}
