import type { ObjectStore, StoreEvent } from '@agentmap/storage-core';
import { isStorageError } from '@agentmap/storage-core';
import { wrapStore } from '@agentmap/storage-core/kit';
import { type Attributes, type Meter, SpanKind, SpanStatusCode, type Tracer, metrics, trace } from '@opentelemetry/api';

const SCOPE = '@agentmap/storage-ops';

/** Options of {@link withTracing}. */
export interface TracingOptions {
  /** The tracer to use; by default the global provider's (`trace.getTracer('@agentmap/storage-ops')`). */
  tracer?: Tracer;
  /**
   * Put the object key on spans as `agentmap.storage.key` (default false). Keys can be personal
   * data (user ids in paths) and tracing backends index attributes: opt in knowingly.
   */
  recordKeys?: boolean;
}

/**
 * Wraps every call of `store` in an OpenTelemetry span (`storage.<operation>`, kind CLIENT)
 * through `@opentelemetry/api`, so whatever SDK and exporter the application installed picks
 * them up; without one the API is a no-op and costs next to nothing. Spans carry the provider,
 * operation and location; a failure sets the span's status to ERROR with the `StorageError`
 * code, never its message (which may name keys) or cause.
 */
export function withTracing(store: ObjectStore, options: TracingOptions = {}): ObjectStore {
  const tracer = options.tracer ?? trace.getTracer(SCOPE);
  return wrapStore(store, (call, invoke) =>
    tracer.startActiveSpan(
      `storage.${call.operation}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'agentmap.storage.provider': store.provider,
          'agentmap.storage.operation': call.operation,
          'agentmap.storage.location': store.location,
          ...(options.recordKeys ? { 'agentmap.storage.key': call.key } : {}),
        },
      },
      async (span) => {
        try {
          const result = await invoke(call.signal);
          span.setStatus({ code: SpanStatusCode.OK });
          return result;
        } catch (error) {
          const code = isStorageError(error) ? error.code : 'UNKNOWN';
          span.setAttribute('agentmap.storage.error_code', code);
          span.setStatus({ code: SpanStatusCode.ERROR, message: code });
          throw error;
        } finally {
          span.end();
        }
      },
    ),
  );
}

/** Options of {@link createOpenTelemetryMetrics}. */
export interface OpenTelemetryMetricsOptions {
  /** The meter to use; by default the global provider's. */
  meter?: Meter;
}

/**
 * Records the metrics layer's events as OpenTelemetry metrics: `agentmap.storage.operations`
 * (counter), `agentmap.storage.operation.duration` (histogram, seconds) and
 * `agentmap.storage.bytes` (counter), with the same bounded attributes as the Prometheus
 * exporter (provider, operation, outcome, error code; never keys).
 *
 * ```ts
 * const otel = createOpenTelemetryMetrics();
 * const store = withTracing(withMetrics(createLocalStore({ baseDir }), { onEvent: otel.onEvent }));
 * ```
 */
export function createOpenTelemetryMetrics(options: OpenTelemetryMetricsOptions = {}): { onEvent: (event: StoreEvent) => void } {
  const meter = options.meter ?? metrics.getMeter(SCOPE);
  const operations = meter.createCounter('agentmap.storage.operations', { description: 'Storage calls by provider, operation, outcome and error code.' });
  const duration = meter.createHistogram('agentmap.storage.operation.duration', { description: 'Storage call latency.', unit: 's' });
  const bytes = meter.createCounter('agentmap.storage.bytes', { description: 'Bytes moved by storage calls (direction in: written, out: read).', unit: 'By' });
  // One frozen attribute set per series, built on first use: no objects built per call (the API
  // and SDKs only read attributes), and no spread, which is slow on Node 20.
  interface AttributeSets {
    ok: Attributes;
    error: Attributes;
    failed: Map<string, Attributes>;
    okIn: Attributes;
    okOut: Attributes;
  }
  const sets = new Map<string, Map<string, AttributeSets>>();
  const setsFor = (provider: string, operation: string): AttributeSets => {
    let byOperation = sets.get(provider);
    if (!byOperation) sets.set(provider, (byOperation = new Map()));
    let found = byOperation.get(operation);
    if (!found) {
      const of = (outcome: string, extra: Attributes = {}) =>
        Object.freeze({ 'agentmap.storage.provider': provider, 'agentmap.storage.operation': operation, 'agentmap.storage.outcome': outcome, ...extra });
      found = { ok: of('ok'), error: of('error'), failed: new Map(), okIn: of('ok', { 'agentmap.storage.direction': 'in' }), okOut: of('ok', { 'agentmap.storage.direction': 'out' }) };
      byOperation.set(operation, found);
    }
    return found;
  };
  return {
    onEvent(event) {
      const s = setsFor(event.provider, event.operation);
      const seconds = event.durationMs / 1000;
      if (event.outcome === 'ok') {
        operations.add(1, s.ok);
        duration.record(seconds, s.ok);
        if (event.bytesIn > 0) bytes.add(event.bytesIn, s.okIn);
        if (event.bytesOut > 0) bytes.add(event.bytesOut, s.okOut);
        return;
      }
      const code = event.code ?? 'UNKNOWN';
      let failed = s.failed.get(code);
      if (!failed) {
        failed = Object.freeze({ ...s.error, 'agentmap.storage.error_code': code });
        s.failed.set(code, failed);
      }
      operations.add(1, failed);
      duration.record(seconds, s.error);
    },
  };
}

/** One `onEvent` that feeds several listeners (Prometheus, OpenTelemetry, your own); a throwing listener does not stop the others. */
export function fanOutEvents(...listeners: Array<((event: StoreEvent) => void) | undefined>): (event: StoreEvent) => void {
  const active = listeners.filter((l): l is (event: StoreEvent) => void => typeof l === 'function');
  return (event) => {
    for (const listener of active) {
      try {
        listener(event);
      } catch {
        // An observer must never break storage or the other observers.
      }
    }
  };
}
