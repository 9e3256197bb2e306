/** Anything with the hit counters of `@agentmap/storage-cache`'s `cache.stats()`. */
export interface CacheLike {
  stats(): { hits: number; misses: number; hitRate: number };
}

/** Anything that reports a concurrency limit's state, like core's `withConcurrencyLimit(…).concurrency`. */
export interface QueueLike {
  readonly inUse: number;
  readonly waiting: number;
}
