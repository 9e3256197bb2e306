import { abortError } from '../errors/storage-error';
import { compareKeys } from '../keys/validate-key';
import type { ListEntry } from '../spec/object-info';
import type { ListOptions, ObjectStore } from '../spec/object-store';
import type { Interceptor } from './operation';

/** Entries a layer pulls from the inner listing at once when the caller gives no `pageSize`. */
export const DEFAULT_LIST_PAGE = 1000;

/** One page of a listing as layers see it. */
export interface ListPage {
  entries: ListEntry[];
  /** True when the listing has no more entries. */
  done: boolean;
}

const positionOf = (entry: ListEntry) => (entry.kind === 'object' ? entry.key : entry.prefix);

/**
 * A layered store also lists in pages under this symbol, so a layer over a layer pulls whole
 * pages (one await per page) instead of one entry at a time through every layer's generator.
 */
export const LIST_PAGES: unique symbol = Symbol.for('@agentmap/storage-core/list-pages');

/** A store that can hand out its listing page by page. */
export interface PagedListing {
  [LIST_PAGES](prefix: string, options: ListOptions): AsyncIterable<ListEntry[]>;
}

function hasPages(store: ObjectStore): store is ObjectStore & PagedListing {
  return typeof (store as Partial<PagedListing>)[LIST_PAGES] === 'function';
}

/**
 * Reads the inner listing a page at a time. After a failed page the next attempt resumes
 * with `startAfter` the last entry handed out and skips anything not past it, so a retried
 * listing never repeats or loses an entry.
 */
class ListCursor {
  private iterator: AsyncIterator<ListEntry | ListEntry[]> | undefined;
  /** Entries of an inner page not handed out yet (when the inner store lists in pages). */
  private buffer: ListEntry[] = [];
  private bufferAt = 0;
  private controller: AbortController | undefined;
  private last: string | undefined;
  /** True from reopening the listing after a failure until it has passed `last` again: only then can entries repeat. */
  private resuming = false;

  constructor(
    private readonly inner: ObjectStore,
    private readonly prefix: string,
    private readonly options: ListOptions,
  ) {}

  async page(size: number, signal: AbortSignal | undefined): Promise<ListPage> {
    if (signal?.aborted) throw abortError(signal, this.inner.provider);
    const iterator = this.open();
    const controller = this.controller!;
    // A page abandoned by its caller (a timeout) must not go on reading.
    const onAbort = () => {
      this.drop(iterator);
      controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const entries: ListEntry[] = [];
      let last = this.last;
      let done = false;
      while (entries.length < size) {
        let entry: ListEntry;
        if (this.bufferAt < this.buffer.length) entry = this.buffer[this.bufferAt++]!;
        else {
          const next = await iterator.next();
          if (next.done) {
            done = true;
            break;
          }
          if (Array.isArray(next.value)) {
            this.buffer = next.value;
            this.bufferAt = 0;
            continue;
          }
          entry = next.value;
        }
        const position = positionOf(entry);
        if (this.resuming) {
          if (last !== undefined && compareKeys(position, last) <= 0) continue;
          this.resuming = false;
        }
        entries.push(entry);
        last = position;
      }
      if (this.iterator !== iterator) throw abortError(signal, this.inner.provider);
      this.last = last;
      if (done) this.iterator = undefined;
      return { entries, done };
    } catch (error) {
      this.drop(iterator);
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  close(): void {
    if (this.iterator) this.drop(this.iterator);
  }

  private open(): AsyncIterator<ListEntry | ListEntry[]> {
    if (!this.iterator) {
      this.controller = new AbortController();
      const startAfter = this.last ?? this.options.startAfter;
      this.resuming = this.last !== undefined;
      const options: ListOptions = { ...this.options, signal: this.controller.signal, ...(startAfter === undefined ? {} : { startAfter }) };
      const source: AsyncIterable<ListEntry | ListEntry[]> = hasPages(this.inner) ? this.inner[LIST_PAGES](this.prefix, options) : this.inner.list(this.prefix, options);
      this.iterator = source[Symbol.asyncIterator]();
    }
    return this.iterator;
  }

  private drop(iterator: AsyncIterator<ListEntry | ListEntry[]>): void {
    if (this.iterator === iterator) {
      this.iterator = undefined;
      this.buffer = [];
      this.bufferAt = 0;
    }
    iterator.return?.().catch(() => undefined);
  }
}

/**
 * The `list` of a layered store: pulls the inner listing one page at a time (`pageSize`
 * entries, {@link DEFAULT_LIST_PAGE} by default), each page being one call through
 * `intercept`, so a layer retries, times out, limits or measures page fetches rather than the
 * whole iteration. Pages are fetched only when the consumer asks for more.
 */
export async function* pagedList(inner: ObjectStore, intercept: Interceptor, prefix: string, options: ListOptions): AsyncGenerator<ListEntry> {
  for await (const entries of listPages(inner, intercept, prefix, options)) {
    for (const entry of entries) yield entry;
  }
}

/** {@link pagedList} a page at a time: what a layer over this one pulls (see {@link LIST_PAGES}). */
export async function* listPages(inner: ObjectStore, intercept: Interceptor, prefix: string, options: ListOptions): AsyncGenerator<ListEntry[]> {
  const cursor = new ListCursor(inner, prefix, options);
  const requested = options.pageSize;
  const size = typeof requested === 'number' && requested >= 1 ? Math.floor(requested) : DEFAULT_LIST_PAGE;
  const call = { operation: 'list' as const, key: String(prefix), signal: options.signal, replayable: true, options };
  try {
    for (;;) {
      const page = await intercept(call, (signal) => cursor.page(size, signal));
      if (page.entries.length > 0) yield page.entries;
      if (page.done) return;
    }
  } finally {
    cursor.close();
  }
}
