import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore, createMemoryStore, withConcurrencyLimit, withMetrics } from '@agentmap/storage-core';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Counter, Histogram, Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetricsHistory, createOpenTelemetryMetrics, createPrometheusExporter, fanOutEvents, withTracing } from '../src/observability';

interface ParsedFamily {
  name: string;
  type: string;
  metrics: Array<{ labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string; sum?: string }>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ops-telemetry-'));
  dirs.push(d);
  return d;
};

class TestReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

describe('Prometheus exporter', () => {
  it('exports calls, latency, bytes, cache hit rates and queue depth as parseable text with bounded labels', async () => {
    const prometheus = createPrometheusExporter({ registry: new Registry() });
    const limited = withConcurrencyLimit(createLocalStore({ baseDir: tempDir() }), { maxConcurrent: 2 });
    const store = withMetrics(limited, { onEvent: prometheus.onEvent });
    prometheus.observeQueue('local', limited.concurrency);
    let hits = 3;
    prometheus.observeCache('documents', { stats: () => ({ hits, misses: 1, hitRate: hits / (hits + 1) }) });

    for (let i = 0; i < 50; i++) await store.put(`users/${i}.json`, Buffer.alloc(1024, 1));
    for (let i = 0; i < 10; i++) await store.get(`users/${i}.json`);
    await store.get('users/missing.json').catch(() => undefined);
    hits = 9;

    const text = await prometheus.metrics();
    const families = parsePrometheusTextFormat(text) as ParsedFamily[];
    const byName = new Map(families.map((f) => [f.name, f]));

    const ops = byName.get('agentmap_storage_operations_total')!;
    expect(ops.type).toBe('COUNTER');
    const puts = ops.metrics.find((m) => m.labels?.['operation'] === 'put' && m.labels['outcome'] === 'ok');
    expect(Number(puts?.value)).toBe(50);
    const failed = ops.metrics.find((m) => m.labels?.['operation'] === 'get' && m.labels['outcome'] === 'error');
    expect(failed?.labels?.['code']).toBe('NOT_FOUND');

    const latency = byName.get('agentmap_storage_operation_duration_seconds')!;
    expect(latency.type).toBe('HISTOGRAM');
    // The parser folds labelled histograms into one sample, so read the count series off the text.
    expect(text).toMatch(/^agentmap_storage_operation_duration_seconds_count\{provider="local",operation="put",outcome="ok"\} 50$/m);
    expect(text).toMatch(/^agentmap_storage_operation_duration_seconds_bucket\{le="\+Inf",provider="local",operation="put",outcome="ok"\} 50$/m);

    const bytes = byName.get('agentmap_storage_bytes_total')!;
    expect(Number(bytes.metrics.find((m) => m.labels?.['direction'] === 'in')?.value)).toBe(50 * 1024);
    expect(Number(bytes.metrics.find((m) => m.labels?.['direction'] === 'out')?.value)).toBe(10 * 1024);

    expect(Number(byName.get('agentmap_storage_cache_hit_ratio')!.metrics[0]!.value)).toBeCloseTo(0.9);
    expect(byName.get('agentmap_storage_queue_depth')!.metrics[0]).toMatchObject({ labels: { queue: 'local' }, value: '0' });

    // Keys never become labels: 50 keys written, still one series per (operation, outcome, code).
    const labelValues = families.flatMap((f) => f.metrics.flatMap((m) => Object.values(m.labels ?? {})));
    expect(labelValues.some((v) => v.includes('users/'))).toBe(false);
    expect(ops.metrics.length).toBeLessThanOrEqual(4);
  });

  it('exposes exactly what prom-client metrics fed call by call would, across scrapes and resets', async () => {
    const registry = new Registry();
    const prometheus = createPrometheusExporter({ registry, prefix: 'x_' });
    const reference = new Registry();
    const refOps = new Counter({ name: 'x_operations_total', help: 'h', labelNames: ['provider', 'operation', 'outcome', 'code'], registers: [reference] });
    const refDuration = new Histogram({ name: 'x_operation_duration_seconds', help: 'h', labelNames: ['provider', 'operation', 'outcome'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [reference] });
    const refBytes = new Counter({ name: 'x_bytes_total', help: 'h', labelNames: ['provider', 'operation', 'direction'], registers: [reference] });
    const samples = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#')).sort();
    const send = (provider: string, operation: 'put' | 'get', durationMs: number, code?: 'NOT_FOUND' | 'PRECONDITION_FAILED') => {
      const bytes = code ? 0 : 100;
      prometheus.onEvent({ provider, operation, location: 'memory://x', key: 'k', startedAt: 0, durationMs, bytesIn: operation === 'put' ? bytes : 0, bytesOut: operation === 'get' ? bytes : 0, outcome: code ? 'error' : 'ok', ...(code ? { code } : {}) });
      refOps.inc({ provider, operation, outcome: code ? 'error' : 'ok', code: code ?? '' });
      refDuration.observe({ provider, operation, outcome: code ? 'error' : 'ok' }, durationMs / 1000);
      if (bytes > 0) refBytes.inc({ provider, operation, direction: operation === 'put' ? 'in' : 'out' }, bytes);
    };
    // Durations on, between and beyond the bucket bounds.
    for (const ms of [0.2, 1, 2.5, 3, 10, 99, 250, 1000, 20_000]) send('memory', 'put', ms);
    send('local', 'get', 4, 'NOT_FOUND');
    send('local', 'get', 0.5);
    expect(samples(await registry.metrics())).toEqual(samples(await reference.metrics()));
    // A second scrape hands over only what happened since the first.
    send('local', 'get', 7, 'PRECONDITION_FAILED');
    send('memory', 'put', 0.01);
    expect(samples(await registry.metrics())).toEqual(samples(await reference.metrics()));
    expect(samples(await registry.metrics())).toEqual(samples(await reference.metrics()));
    registry.resetMetrics();
    reference.resetMetrics();
    send('memory', 'get', 2);
    expect(samples(await registry.metrics())).toEqual(samples(await reference.metrics()));
    const histogramJson = async (r: Registry) =>
      (await r.getMetricsAsJSON()).find((m) => m.name === 'x_operation_duration_seconds')!.values.map((v) => ({ ...v, exemplar: undefined }));
    expect(await histogramJson(registry)).toEqual(await histogramJson(reference));
  });

  it('shows calls waiting for a slot while the limit is saturated', async () => {
    const prometheus = createPrometheusExporter();
    const memory = createMemoryStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = { ...memory, provider: memory.provider, location: memory.location, capabilities: memory.capabilities, head: async (key: string) => (await gate, memory.head(key)) } as typeof memory;
    const limited = withConcurrencyLimit(slow, { maxConcurrent: 1 });
    prometheus.observeQueue('memory', limited.concurrency);
    const calls = Array.from({ length: 4 }, (_, i) => limited.head(`k${i}`));
    await new Promise((r) => setTimeout(r, 10));
    const families = parsePrometheusTextFormat(await prometheus.metrics()) as ParsedFamily[];
    expect(families.find((f) => f.name === 'agentmap_storage_queue_depth')!.metrics[0]!.value).toBe('3');
    expect(families.find((f) => f.name === 'agentmap_storage_queue_in_use')!.metrics[0]!.value).toBe('1');
    release();
    await Promise.all(calls);
  });
});

describe('OpenTelemetry', () => {
  it('records a span per call with provider and operation, an error status with the code, and no keys unless asked', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('test');
    const store = withTracing(createMemoryStore(), { tracer });
    await store.put('secret-user/1.json', '{}');
    await store.get('secret-user/1.json');
    await store.delete('nope', { ifMatch: '"x"' }).catch(() => undefined);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['storage.put', 'storage.get', 'storage.delete']);
    expect(spans[0]!.attributes).toMatchObject({ 'agentmap.storage.provider': 'memory', 'agentmap.storage.operation': 'put' });
    expect(spans[2]!.status.code).toBe(2);
    expect(spans[2]!.attributes['agentmap.storage.error_code']).toBeTypeOf('string');
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('secret-user');

    const withKeys = withTracing(createMemoryStore(), { tracer, recordKeys: true });
    await withKeys.put('a.txt', 'x');
    expect(exporter.getFinishedSpans().at(-1)!.attributes['agentmap.storage.key']).toBe('a.txt');
  });

  it('records counters, a duration histogram and bytes through the metrics API', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const otel = createOpenTelemetryMetrics({ meter: meterProvider.getMeter('test') });
    const history = createMetricsHistory();
    const store = withMetrics(createMemoryStore(), { onEvent: fanOutEvents(otel.onEvent, history.onEvent, () => { throw new Error('a broken listener'); }) });
    for (let i = 0; i < 5; i++) await store.put(`k${i}`, 'abcd');
    await store.get('k0');
    await store.get('missing').catch(() => undefined);
    await store.get('missing').catch(() => undefined);
    const { resourceMetrics } = (await reader.collect()) as { resourceMetrics: ResourceMetrics };
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const find = (name: string) => all.find((m) => m.descriptor.name === name)!;
    const ops = find('agentmap.storage.operations').dataPoints as Array<{ attributes: Record<string, unknown>; value: number }>;
    expect(ops.find((p) => p.attributes['agentmap.storage.operation'] === 'put')!.value).toBe(5);
    const bytes = find('agentmap.storage.bytes').dataPoints as Array<{ attributes: Record<string, unknown>; value: number }>;
    expect(ops.find((p) => p.attributes['agentmap.storage.error_code'] === 'NOT_FOUND')).toMatchObject({ value: 2, attributes: { 'agentmap.storage.operation': 'get', 'agentmap.storage.outcome': 'error' } });
    expect(ops.find((p) => p.attributes['agentmap.storage.operation'] === 'get' && p.attributes['agentmap.storage.outcome'] === 'ok')!.value).toBe(1);
    expect(bytes.find((p) => p.attributes['agentmap.storage.direction'] === 'in')!.value).toBe(20);
    expect(bytes.find((p) => p.attributes['agentmap.storage.direction'] === 'out')!.value).toBe(4);
    expect(find('agentmap.storage.operation.duration').descriptor.unit).toBe('s');
    expect(history.window(60_000).count).toBe(8);
  });
});

describe('metrics history', () => {
  it('keeps intervals in bounded memory, with zeros for idle time and percentiles per window', () => {
    let now = 1_000_000;
    const history = createMetricsHistory({ intervalMs: 1_000, points: 10, now: () => now });
    const event = (durationMs: number, outcome: 'ok' | 'error', provider = 's3') => ({ operation: 'get' as const, provider, location: 'x', key: 'k', bytesIn: 0, bytesOut: 10, durationMs, outcome, startedAt: now });
    for (let i = 1; i <= 100; i++) history.onEvent(event(i, i % 10 === 0 ? 'error' : 'ok'));
    now += 3_000;
    history.onEvent(event(5, 'ok', 'local'));
    const w = history.window(10_000);
    expect(w.count).toBe(101);
    expect(w.errors).toBe(10);
    expect(w.p99).toBeGreaterThanOrEqual(99);
    expect(history.window(10_000, 's3').p50).toBe(50);
    const series = history.series();
    expect(series).toHaveLength(4);
    expect(series.at(-1)!.count).toBe(1);
    expect(series.at(-2)!.count).toBe(0);
    expect(history.providers()).toEqual(['local', 's3']);
    now += 60_000;
    history.onEvent(event(1, 'ok'));
    expect(history.window(5_000).count).toBe(1);
  });
});
