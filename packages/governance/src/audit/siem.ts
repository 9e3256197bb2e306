import { StorageError, backoffDelay, isStorageError } from '@agentmap/storage-core';
import { toCef } from './cef';
import type { AuditEvent } from './event';

/** Options of {@link createSiemExporter}. */
export interface SiemExporterOptions {
  /** The SIEM's HTTP(S) collector. */
  endpoint: string;
  /** `cef` (text lines, one event each) or `json` (an array). Default `cef`. */
  format?: 'cef' | 'json';
  /** Extra headers, e.g. an `Authorization` token (never logged). */
  headers?: Readonly<Record<string, string>>;
  /** Retries of a failed delivery (network error, 408, 429, 5xx). Default 5. */
  retries?: number;
  /** Backoff between retries: capped exponential with full jitter. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Milliseconds one delivery may take. Default 10 000. */
  timeoutMs?: number;
}

/** Sends audit events to a SIEM. */
export interface SiemExporter {
  /** Delivers a batch; resolves once the SIEM accepted it, or rejects with `UNAVAILABLE` after the retries. */
  send(events: readonly AuditEvent[]): Promise<void>;
}

/**
 * Delivers audit events to a SIEM webhook as CEF or JSON, retrying network failures, 408,
 * 429 and 5xx with capped exponential backoff; other answers (400, 401, 403) fail at once
 * with a message that names the status, never the headers.
 */
export function createSiemExporter(options: SiemExporterOptions): SiemExporter {
  if (typeof options?.endpoint !== 'string' || !URL.canParse(options.endpoint)) {
    throw new StorageError('INVALID_ARGUMENT', 'createSiemExporter needs endpoint: an absolute URL such as "https://siem.example.com/api/events".', { provider: 'siem' });
  }
  const endpoint = new URL(options.endpoint);
  const where = `${endpoint.protocol}//${endpoint.host}${endpoint.pathname}`;
  const format = options.format ?? 'cef';
  const retries = options.retries ?? 5;
  const backoff = { minDelayMs: options.minDelayMs ?? 200, maxDelayMs: options.maxDelayMs ?? 10_000, factor: 2, jitter: true };

  return {
    async send(events) {
      if (events.length === 0) return;
      const body = format === 'cef' ? events.map((event) => toCef(event)).join('\n') + '\n' : JSON.stringify(events);
      const contentType = format === 'cef' ? 'text/plain; charset=utf-8' : 'application/json';
      for (let attempt = 1; ; attempt++) {
        let status: number | undefined;
        try {
          const response = await fetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': contentType, ...options.headers },
            body,
            signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
          });
          status = response.status;
          await response.arrayBuffer().catch(() => undefined);
          if (response.ok) return;
          if (status !== 408 && status !== 429 && status < 500) {
            throw new StorageError(status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'PERMISSION_DENIED' : 'INVALID_ARGUMENT', `The SIEM at ${where} refused the events with HTTP ${status}; check the endpoint and its credentials.`, {
              provider: 'siem',
              retryable: false,
            });
          }
        } catch (error) {
          if (isStorageError(error) && !error.retryable) throw error;
        }
        if (attempt > retries) {
          throw new StorageError('UNAVAILABLE', `The SIEM at ${where} did not accept the events after ${retries + 1} attempts (last: ${status === undefined ? 'no answer' : `HTTP ${status}`}); they are still in the audit log.`, {
            provider: 'siem',
          });
        }
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, backoff)));
      }
    },
  };
}
