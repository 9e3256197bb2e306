import type { ListEntry, ListOptions, ObjectEntry } from '@agentmap/storage-core';
import { compareKeys, groupByDelimiter } from '@agentmap/storage-core/kit';
import type { BlobItem, ContainerClient } from '@azure/storage-blob';
import type { AzureContext } from './context';

/** Azure's largest page. */
const MAX_PAGE = 5000;

/** `list`: the entries under `prefix`, with SDK failures mapped onto StorageError. */
export async function* listBlobs(ctx: AzureContext, prefix: string, options: ListOptions): AsyncGenerator<ListEntry> {
  try {
    yield* listEntries(ctx.container, prefix, options);
  } catch (error) {
    throw ctx.fail(error, 'list', prefix || undefined, options.signal);
  }
}

/**
 * Lists blobs under `prefix` one entry at a time, asking the service for the next page only
 * when the consumer reaches the end of the current one. Delimiter grouping is done by the
 * service, except with `startAfter` (Azure has no such parameter): then keys up to it are
 * skipped here and grouped by the shared helper, which keeps the same order and semantics.
 */
async function* listEntries(container: ContainerClient, prefix: string, options: ListOptions): AsyncGenerator<ListEntry> {
  const maxPageSize = Math.min(MAX_PAGE, Math.max(1, Math.floor(options.pageSize ?? 1000)));
  const { delimiter, startAfter, signal } = options;
  if (delimiter && startAfter === undefined) {
    const pages = container.listBlobsByHierarchy(delimiter, { prefix: prefix || undefined, abortSignal: signal }).byPage({ maxPageSize });
    let lastPrefix: string | undefined;
    for await (const page of pages) {
      // The SDK splits one page into prefixes and blobs; merge them back into key order.
      const entries: ListEntry[] = [
        ...(page.segment.blobPrefixes ?? []).map((p): ListEntry => ({ kind: 'prefix', prefix: p.name })),
        ...page.segment.blobItems.map(toEntry),
      ];
      entries.sort((a, b) => compareKeys(a.kind === 'prefix' ? a.prefix : a.key, b.kind === 'prefix' ? b.prefix : b.key));
      for (const entry of entries) {
        // A prefix that ends one page may open the next: yield it once.
        if (entry.kind === 'prefix') {
          if (entry.prefix === lastPrefix) continue;
          lastPrefix = entry.prefix;
        }
        yield entry;
      }
    }
    return;
  }
  yield* groupByDelimiter(flat(container, prefix, maxPageSize, startAfter, signal), prefix, delimiter);
}

async function* flat(container: ContainerClient, prefix: string, maxPageSize: number, startAfter: string | undefined, signal: AbortSignal | undefined): AsyncGenerator<ObjectEntry> {
  const pages = container.listBlobsFlat({ prefix: prefix || undefined, abortSignal: signal }).byPage({ maxPageSize });
  for await (const page of pages) {
    for (const item of page.segment.blobItems) {
      if (startAfter !== undefined && compareKeys(item.name, startAfter) <= 0) continue;
      yield toEntry(item);
    }
  }
}

function toEntry(item: BlobItem): ObjectEntry {
  return { kind: 'object', key: item.name, size: item.properties.contentLength ?? 0, etag: item.properties.etag, lastModified: item.properties.lastModified, ...(item.properties.accessTier ? { storageClass: item.properties.accessTier } : {}) };
}
