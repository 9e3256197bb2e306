import type { GetResult, GetStreamResult, ObjectInfo, ObjectStore } from '@agentmap/storage-core';
import { isStorageError } from '@agentmap/storage-core';
import { type OperationCall, validateOptions, wrapStore } from '@agentmap/storage-core/kit';
import { markGoverned } from '../compliance/governed';
import { currentPrincipal } from '../access/principal';
import { type AuditLog, type AuditLogOptions, createAuditLog } from './audit-log';
import { type AuditEvent, type AuditLevel, trimToLevel } from './event';

/** Options of {@link withAudit}. */
export interface AuditOptions extends Omit<AuditLogOptions, 'store'> {
  /** Where the log is written: any ObjectStore; or an open {@link AuditLog} shared by several stores. */
  log: ObjectStore | AuditLog;
  /** How much each event records. Default `standard`. */
  level?: AuditLevel;
  /** Receives every event as it is recorded (real-time rules, alerting); exceptions it throws are ignored. */
  onEvent?: (event: AuditEvent) => void;
}

/** A store whose calls are audited; `audit` flushes and closes its log. */
export type AuditedStore = ObjectStore & { readonly audit: AuditLog; close(): Promise<void> };

const ACTIONS: Record<OperationCall['operation'], string> = {
  get: 'read',
  getStream: 'read',
  head: 'read',
  list: 'list',
  put: 'write',
  delete: 'delete',
  copy: 'copy',
  presign: 'presign',
  setStorageClass: 'set_storage_class',
};

const ALLOWED = ['log', 'level', 'onEvent', 'prefix', 'signing', 'encryptionKey', 'segmentEntries', 'flushIntervalMs', 'maxBuffered', 'onError'];

/**
 * Records every call of `store` in an audit log: who (the {@link runAs} principal), what
 * (action and key), the result, and — at `standard` and `detailed` — provider, size, duration
 * and error code. A call refused with `PERMISSION_DENIED` (by `withAccessControl` inside) is
 * recorded as `access_denied`. Events never carry bodies or credentials.
 *
 * ```ts
 * const audited = withAudit(store, { log: auditStore, level: 'standard', signing: { hmacKey } });
 * ```
 */
export function withAudit(store: ObjectStore, options: AuditOptions): AuditedStore {
  validateOptions(options, ALLOWED, 'withAudit', { provider: 'audit' });
  const level = options.level ?? 'standard';
  const log = isAuditLog(options.log) ? options.log : createAuditLog({ ...options, store: options.log });
  const emit = (event: AuditEvent) => {
    const kept = trimToLevel(event, level);
    log.record(kept);
    try {
      options.onEvent?.(kept);
    } catch {
      // A failing listener must not fail the audited call.
    }
  };

  const wrapped = wrapStore(store, async (call, invoke) => {
    const started = performance.now();
    const principal = currentPrincipal();
    const base = {
      timestamp: new Date().toISOString(),
      principal: principal?.id ?? 'system',
      resource: call.key,
      action: ACTIONS[call.operation],
      provider: store.provider,
      ...(principal?.ip === undefined ? {} : { sourceIp: principal.ip }),
      ...(principal?.userAgent === undefined ? {} : { userAgent: principal.userAgent }),
      // How long a presigned URL lives is what compliance checks (kept at level detailed).
      ...(call.operation === 'presign' ? { details: { method: (call.options as { method?: string }).method, expiresIn: (call.options as { expiresIn?: number }).expiresIn } } : {}),
    };
    try {
      const result = await invoke(call.signal);
      emit({ ...base, eventType: 'storage_operation', result: 'success', durationMs: elapsed(started), ...sizeOf(call, result) });
      return result;
    } catch (error) {
      const denied = isStorageError(error, 'PERMISSION_DENIED');
      emit({
        ...base,
        eventType: denied ? 'access_denied' : 'storage_operation',
        result: denied ? 'denied' : 'failure',
        durationMs: elapsed(started),
        errorCode: isStorageError(error) ? error.code : 'INTERNAL',
      });
      throw error;
    }
  });
  return markGoverned(Object.assign(wrapped, {
    audit: log,
    async close() {
      await log.close();
      await store.close?.();
    },
  }), store, 'audit');
}

function isAuditLog(value: unknown): value is AuditLog {
  return typeof value === 'object' && value !== null && typeof (value as AuditLog).record === 'function' && typeof (value as AuditLog).flush === 'function';
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

function sizeOf(call: OperationCall, result: unknown): { size?: number } {
  switch (call.operation) {
    case 'get':
      return { size: (result as GetResult).body.byteLength };
    case 'getStream':
      return { size: (result as GetStreamResult).info.size };
    case 'put':
    case 'copy':
      return { size: (result as ObjectInfo).size };
    default:
      return {};
  }
}
