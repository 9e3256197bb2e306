import { type ObjectStore, StorageError } from '@agentmap/storage-core';
import { updateObject, wrapStore } from '@agentmap/storage-core/kit';

/** Options of {@link withLostReplies}. */
export interface LostRepliesOptions {
  /** Share of puts whose reply is lost after the write committed, 0..1. */
  rate: number;
  /** Deterministic choices for reproducible runs. */
  seed?: number;
}

/** A store whose puts sometimes commit and then fail as if their reply was lost. */
export type LossyStore = ObjectStore & { readonly lost: number; setRate(rate: number): void };

/**
 * For stores without a network (local, memory): every put still happens, but a share of them
 * then fails with a retryable `UNAVAILABLE`, as a put whose reply was lost after the server
 * committed does. Put `withRetry` over it to replay those puts as a networked store's SDK would.
 */
export function withLostReplies(inner: ObjectStore, options: LostRepliesOptions): LossyStore {
  const random = seeded(options.seed ?? 1);
  let rate = options.rate;
  let lost = 0;
  const store = wrapStore(inner, async (call, invoke) => {
    const result = await invoke(call.signal);
    if (call.operation === 'put' && random() < rate) {
      lost++;
      throw new StorageError('UNAVAILABLE', 'The reply to this put was lost after the write committed (injected).', { provider: inner.provider, key: call.key });
    }
    return result;
  });
  return Object.defineProperties(store, {
    lost: { get: () => lost },
    setRate: { value: (next: number) => void (rate = next) },
  }) as LossyStore;
}

/**
 * Appends `count` numbered items to a JSON array at `key`, one read-modify-write each, as a
 * JSON collection's `append` does, and returns the array stored at the end.
 */
export async function appendEach(store: ObjectStore, key: string, count: number): Promise<number[]> {
  for (let i = 0; i < count; i++) {
    await updateObject(store, key, (current) => {
      const items = current ? (JSON.parse(Buffer.from(current.body).toString('utf8')) as number[]) : [];
      return { body: JSON.stringify([...items, i]), result: items.length, contentType: 'application/json' };
    });
  }
  return JSON.parse(Buffer.from((await store.get(key)).body).toString('utf8')) as number[];
}

/** mulberry32, as the fault proxy uses. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
