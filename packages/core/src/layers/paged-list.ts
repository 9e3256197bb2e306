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
 * Reads the inner listing a page at a time. After a failed page the next attempt resumes
 * with `startAfter` the last entry handed out and skips anything not past it, so a retried
 * listing never repeats or loses an entry.
 */
class ListCursor {
  private iterator: AsyncIterator<ListEntry> | undefined;
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
        const next = await iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        const position = positionOf(next.value);
        if (this.resuming) {
          if (last !== undefined && compareKeys(position, last) <= 0) continue;
          this.resuming = false;
        }
        entries.push(next.value);
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

  private open(): AsyncIterator<ListEntry> {
    if (!this.iterator) {
      this.controller = new AbortController();
      const startAfter = this.last ?? this.options.startAfter;
      this.resuming = this.last !== undefined;
      const options: ListOptions = { ...this.options, signal: this.controller.signal, ...(startAfter === undefined ? {} : { startAfter }) };
      this.iterator = this.inner.list(this.prefix, options)[Symbol.asyncIterator]();
    }
    return this.iterator;
  }

  private drop(iterator: AsyncIterator<ListEntry>): void {
    if (this.iterator === iterator) this.iterator = undefined;
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
  const cursor = new ListCursor(inner, prefix, options);
  const requested = options.pageSize;
  const size = typeof requested === 'number' && requested >= 1 ? Math.floor(requested) : DEFAULT_LIST_PAGE;
  const call = { operation: 'list' as const, key: String(prefix), signal: options.signal, replayable: true, options };
  try {
    for (;;) {
      const page = await intercept(call, (signal) => cursor.page(size, signal));
      yield* page.entries;
      if (page.done) return;
    }
  } finally {
    cursor.close();
  }
}
