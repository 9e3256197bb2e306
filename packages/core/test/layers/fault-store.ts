import { type ErrorCode, type ObjectStore, StorageError, abortError, createMemoryStore } from '../../src/index';

/**
 * Test tooling: a real memory store with injectable faults and delays, and counters of what
 * reached it. Written independently of the layers under test.
 */
export interface FaultStore extends ObjectStore {
  /** Make the next `count` calls of `operation` (or of any operation) fail with `code`. */
  failNext(count: number, code?: ErrorCode, operation?: string): void;
  /** Make the `n`-th entry (from 0) of the next listing fail once with UNAVAILABLE. */
  failListingAt(n: number): void;
  /** Delay every call by this many ms (abortable through the call's signal). */
  delayMs: number;
  /** Calls that reached the store, by operation. */
  calls: Record<string, number>;
  /** Signals seen, to check that layers pass an abortable signal down. */
  signals: AbortSignal[];
  /** Most calls in flight at once. */
  maxInFlight: number;
  inFlight: number;
  /** Order in which calls started (their keys). */
  started: string[];
}

export function createFaultStore(name = 'faulty'): FaultStore {
  const inner = createMemoryStore({ name });
  const faults: Array<{ code: ErrorCode; operation?: string }> = [];
  let listFaultAt: number | undefined;

  const wait = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(abortError(signal, 'memory'));
      }, { once: true });
    });

  const around = async <T>(operation: string, key: string, signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> => {
    fault.calls[operation] = (fault.calls[operation] ?? 0) + 1;
    if (signal) fault.signals.push(signal);
    fault.started.push(key);
    fault.inFlight++;
    fault.maxInFlight = Math.max(fault.maxInFlight, fault.inFlight);
    try {
      await wait(fault.delayMs, signal);
      const index = faults.findIndex((f) => f.operation === undefined || f.operation === operation);
      if (index !== -1) {
        const [f] = faults.splice(index, 1);
        throw new StorageError(f!.code, `Injected ${f!.code} for ${operation} "${key}" (cause holds a fake secret).`, {
          provider: 'memory',
          cause: new Error('password=hunter2-secret'),
        });
      }
      return await run();
    } finally {
      fault.inFlight--;
    }
  };

  const fault: FaultStore = {
    provider: inner.provider,
    location: inner.location,
    capabilities: inner.capabilities,
    delayMs: 0,
    calls: {},
    signals: [],
    maxInFlight: 0,
    inFlight: 0,
    started: [],
    failNext(count, code = 'UNAVAILABLE', operation) {
      for (let i = 0; i < count; i++) faults.push({ code, operation });
    },
    failListingAt(n) {
      listFaultAt = n;
    },
    get: (key, o) => around('get', key, o?.signal, () => inner.get(key, o)),
    getStream: (key, o) => around('getStream', key, o?.signal, () => inner.getStream(key, o)),
    put: (key, body, o) => around('put', key, o?.signal, () => inner.put(key, body, o)),
    head: (key, o) => around('head', key, o?.signal, () => inner.head(key, o)),
    delete: (key, o) => around('delete', key, o?.signal, () => inner.delete(key, o)),
    copy: (from, to, o) => around('copy', from, o?.signal, () => inner.copy(from, to, o)),
    async *list(prefix = '', o = {}) {
      fault.calls.list = (fault.calls.list ?? 0) + 1;
      if (o.signal) fault.signals.push(o.signal);
      await wait(fault.delayMs, o.signal);
      let n = 0;
      for await (const entry of inner.list(prefix, o)) {
        if (listFaultAt !== undefined && n === listFaultAt) {
          listFaultAt = undefined;
          throw new StorageError('UNAVAILABLE', 'Injected listing failure.', { provider: 'memory' });
        }
        n++;
        yield entry;
      }
    },
    close: () => inner.close!(),
  };
  return fault;
}
