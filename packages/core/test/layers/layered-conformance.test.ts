import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeObjectStore } from '@agentmap/storage-testkit';
import { createLocalStore, createMemoryStore, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '../../src/index';

// All four layers, outermost first: the contract must hold whatever the order.
describeObjectStore('memory + retry, timeout, concurrency, metrics', () =>
  withRetry(withTimeout(withConcurrencyLimit(withMetrics(createMemoryStore({ name: 'layered' })), { maxConcurrent: 4 }), { timeoutMs: 30_000 }), {
    retries: 2,
    minDelayMs: 1,
    maxDelayMs: 5,
  }),
);

describeObjectStore(
  'memory + metrics, concurrency, timeout, retry (reverse order)',
  () => withMetrics(withConcurrencyLimit(withTimeout(withRetry(createMemoryStore({ name: 'layered-reverse' }), { retries: 1 }), { timeoutMs: 30_000 }), { maxConcurrent: 2 })),
  { large: false },
);

const baseDir = mkdtempSync(join(tmpdir(), 'agentmap-layers-'));
describeObjectStore(
  'local + retry, timeout, concurrency, metrics',
  () => withRetry(withTimeout(withConcurrencyLimit(withMetrics(createLocalStore({ baseDir })), { maxConcurrent: 4 }), { timeoutMs: 60_000 }), { minDelayMs: 1 }),
  { large: false, teardown: () => rmSync(baseDir, { recursive: true, force: true }) },
);
