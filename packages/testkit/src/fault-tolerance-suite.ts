import { type ObjectStore, withRetry } from '@agentmap/storage-core';
import { updateObject } from '@agentmap/storage-core/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './assertions';
import { appendEach } from './object-store/exactly-once';

/** Faults a proxy between the SDK and the server injects (the names of `@agentmap/fault-proxy`). */
export type InjectedFault = 'unavailable' | 'reset-before' | 'reset-after' | 'latency';

/** What the suite needs of a fault-injecting proxy in front of the real server. */
export interface FaultInjector {
  /** Where the store under test sends its requests. */
  url: string;
  /** Changes the share of requests that get a fault (0 turns faults off). */
  setFailureRate(rate: number): void;
  /** Faults injected so far, by kind. */
  stats: { faults: Record<InjectedFault, number> };
  stop(): Promise<void>;
}

/** Options of {@link describeFaultTolerance}. */
export interface FaultToleranceOptions {
  /**
   * Starts a proxy in front of the backend's real server (or emulator) that injects the
   * given faults on `failureRate` of requests, deterministically from `seed`.
   */
  startProxy(options: { failureRate: number; faults: InjectedFault[]; seed: number }): Promise<FaultInjector>;
  /**
   * A store whose requests go to `endpoint` (the proxy), with the retries it needs to ride
   * out one request in five failing (the backend's own `retries`, or `withRetry` around it).
   */
  store(endpoint: string): ObjectStore | Promise<ObjectStore>;
  /** Writes in the first case. Default 200. */
  writes?: number;
  /** Appends in the lost-replies case. Default 200. */
  appends?: number;
  /** Racing read-modify-write writers. Default 20. */
  racers?: number;
  /** Per-test timeout in ms. Default 120 s. */
  timeout?: number;
}

/** Runs `task` for 0..count-1, at most `parallel` at a time. */
async function bounded(count: number, parallel: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

const text = (body: Uint8Array) => Buffer.from(body).toString('utf8');

/**
 * The fault-tolerance suite every networked backend runs: through a proxy that refuses,
 * resets or drops the answer of one request in five, every write lands exactly once and
 * intact, racing conditional writers lose no update, and a write whose answer was lost after
 * the server acted is not left torn.
 *
 * ```ts
 * describeFaultTolerance('s3', {
 *   startProxy: (o) => startFaultProxy({ target: emulator.url, ...o }),
 *   store: (endpoint) => createS3Store({ bucket, endpoint, retries: 12 }),
 * });
 * ```
 */
export function describeFaultTolerance(name: string, options: FaultToleranceOptions): void {
  const timeout = options.timeout ?? 120_000;
  const run = Math.random().toString(36).slice(2, 8);
  const k = (key: string) => `faults-${run}/${key}`;

  describe(`fault tolerance: ${name}`, () => {
    let proxy: FaultInjector;
    let store: ObjectStore;
    beforeAll(async () => {
      proxy = await options.startProxy({ failureRate: 0, faults: ['unavailable', 'reset-before'], seed: 7 });
      store = await options.store(proxy.url);
    }, 120_000);
    afterAll(async () => {
      await store?.close?.();
      await proxy?.stop();
    }, 120_000);

    it('lands every write once and intact with one request in five refused or reset', { timeout }, async () => {
      const writes = options.writes ?? 200;
      const key = (i: number) => k(`writes/${String(i).padStart(4, '0')}.txt`);
      proxy.setFailureRate(0.2);
      const before = proxy.stats.faults.unavailable + proxy.stats.faults['reset-before'];
      await bounded(writes, 8, (i) => store.put(key(i), `value ${i}`));
      const listed = (await collect(store.list(k('writes/'), { pageSize: 37 }))).map((e) => (e.kind === 'object' ? e.key : e.prefix));
      await bounded(writes, 8, async (i) => expect(text((await store.get(key(i))).body)).toBe(`value ${i}`));
      proxy.setFailureRate(0);
      expect(proxy.stats.faults.unavailable + proxy.stats.faults['reset-before'] - before).toBeGreaterThan(writes / 20);
      expect(listed).toEqual(Array.from({ length: writes }, (_, i) => key(i)));
    });

    it('loses no increment when writers race through the faults', { timeout }, async (context) => {
      if (!store.capabilities.conditionalWrite) return context.skip('the backend reports no conditionalWrite capability');
      const racers = options.racers ?? 20;
      proxy.setFailureRate(0.2);
      try {
        await Promise.all(
          Array.from({ length: racers }, () =>
            updateObject(store, k('counter'), (current) => {
              const n = current ? Number(text(current.body)) : 0;
              return { body: String(n + 1), result: n + 1 };
            }, { maxAttempts: 500 }),
          ),
        );
      } finally {
        proxy.setFailureRate(0);
      }
      expect(text((await store.get(k('counter'))).body)).toBe(String(racers));
    });
  });

  describe(`fault tolerance: ${name}, answers lost after the server acted`, () => {
    let proxy: FaultInjector;
    let store: ObjectStore;
    beforeAll(async () => {
      proxy = await options.startProxy({ failureRate: 0.3, faults: ['reset-after'], seed: 11 });
      store = await options.store(proxy.url);
    }, 120_000);
    afterAll(async () => {
      await store?.close?.();
      await proxy?.stop();
    }, 120_000);

    it('keeps unconditional writes whole when their answers are lost', { timeout }, async () => {
      await bounded(30, 4, (i) => store.put(k(`lossy/${i}.txt`), `lossy ${i}`));
      proxy.setFailureRate(0);
      expect(proxy.stats.faults['reset-after']).toBeGreaterThan(0);
      expect(await collect(store.list(k('lossy/')))).toHaveLength(30);
      for (let i = 0; i < 30; i++) expect(text((await store.get(k(`lossy/${i}.txt`))).body)).toBe(`lossy ${i}`);
    });

    it('appends exactly once when one reply in five is lost after the server committed', { timeout }, async (context) => {
      if (!store.capabilities.conditionalWrite) return context.skip('the backend reports no conditionalWrite capability');
      const appends = options.appends ?? 200;
      const before = proxy.stats.faults['reset-after'];
      proxy.setFailureRate(0.2);
      let items: number[];
      try {
        // Reads lose replies too; some SDKs do not replay a read whose connection dropped, so
        // the documented retry layer goes over the store, as in the recommended layer stack.
        items = await appendEach(withRetry(store, { retries: 10, minDelayMs: 1, maxDelayMs: 20 }), k('appended.json'), appends);
      } finally {
        proxy.setFailureRate(0);
      }
      expect(proxy.stats.faults['reset-after'] - before).toBeGreaterThan(appends / 20);
      expect(items).toEqual(Array.from({ length: appends }, (_, i) => i));
    });
  });
}
