import { type ListEntry, type ListOptions, StorageError } from '@agentmap/storage-core';
import { compareKeys } from '@agentmap/storage-core/kit';
import { type GcsContext, request } from './context';
import { PROVIDER } from './errors';
import { type ObjectResource, entryOf } from './object-info';

/** GCS answers at most this many entries per page. */
const MAX_PAGE = 1000;

interface ListResponse {
  items?: ObjectResource[];
  prefixes?: string[];
  nextPageToken?: string;
}

/**
 * Lists lazily: one `objects.list` page is fetched when the consumer has used up the previous
 * one. Within a page, objects and common prefixes are merged in byte order, as GCS orders
 * names. `startAfter` becomes `startOffset` (inclusive), so that key itself is skipped. A page
 * request that fails transiently is sent again (`retries`); the pages before it stand.
 */
export async function* listObjects(ctx: GcsContext, prefix: string, options: ListOptions): AsyncGenerator<ListEntry> {
  const pageSize = options.pageSize ?? MAX_PAGE;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new StorageError('INVALID_ARGUMENT', `pageSize must be a whole number, 1 or more; got ${String(options.pageSize)}.`, { provider: PROVIDER });
  }
  if (options.delimiter !== undefined && (typeof options.delimiter !== 'string' || options.delimiter === '')) {
    throw new StorageError('INVALID_ARGUMENT', `delimiter must be a non-empty string such as "/"; got ${JSON.stringify(options.delimiter)}.`, { provider: PROVIDER });
  }
  const after = options.startAfter;
  let pageToken: string | undefined;
  do {
    let response: ListResponse;
    try {
      const [, , raw] = await request(ctx, options.signal, () =>
        ctx.bucket.getFiles({
          autoPaginate: false,
          maxResults: Math.min(pageSize, MAX_PAGE),
          ...(prefix ? { prefix } : {}),
          ...(options.delimiter ? { delimiter: options.delimiter } : {}),
          ...(pageToken ? { pageToken } : {}),
          ...(after ? { startOffset: after } : {}),
          ...(ctx.options.userProject ? { userProject: ctx.options.userProject } : {}),
        }),
      );
      response = (raw ?? {});
    } catch (error) {
      throw ctx.fail(error, 'list', prefix || undefined);
    }
    const entries: ListEntry[] = [
      ...(response.items ?? []).map(entryOf),
      ...(response.prefixes ?? []).map((p): ListEntry => ({ kind: 'prefix', prefix: p })),
    ].sort((a, b) => compareKeys(a.kind === 'object' ? a.key : a.prefix, b.kind === 'object' ? b.key : b.prefix));
    for (const entry of entries) {
      if (after !== undefined && compareKeys(entry.kind === 'object' ? entry.key : entry.prefix, after) <= 0) continue;
      yield entry;
    }
    pageToken = response.nextPageToken;
  } while (pageToken);
}
