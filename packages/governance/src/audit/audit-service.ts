import { type DocumentId, type StorageResult, isStorageError } from '@agentmap/storage-core';
import { currentPrincipal } from '../access/principal';
import type { AuditLog } from './audit-log';
import { type AuditEvent, type AuditLevel, trimToLevel } from './event';

/** Options of {@link auditService}. */
export interface AuditServiceOptions {
  /** The log events go to (one made with `createAuditLog`, or a `withAudit` store's `audit`). */
  log: AuditLog;
  level?: AuditLevel;
  /** A name for the service in events' `provider` field (`json`, `csv`, `file`, `vector`). */
  service?: string;
  onEvent?: (event: AuditEvent) => void;
}

/** The service methods audited, and the action each is recorded as. */
const ACTIONS: Readonly<Record<string, string>> = {
  read: 'read',
  exists: 'read',
  count: 'read',
  listCollections: 'list',
  write: 'write',
  batchWrite: 'write',
  delete: 'delete',
  similaritySearch: 'read',
};

/**
 * Records every call of a JSON, CSV, file or vector service in an audit log at the level of
 * documents: the collection as resource, the document id, the action, and the outcome — a
 * failed `StorageResult` is recorded as a failure with its code, a `PERMISSION_DENIED`
 * exception as `access_denied`. Complements `withAudit` on the store underneath, which sees
 * objects rather than documents.
 *
 * ```ts
 * const users = auditService(createJsonStorage({ store }), { log, service: 'json' });
 * await runAs({ id: 'alice' }, () => users.write('users', { name: 'Ada' }, 'u1'));   // write users/u1 by alice
 * ```
 */
export function auditService<S extends object>(service: S, options: AuditServiceOptions): S {
  const level = options.level ?? 'standard';
  const emit = (event: AuditEvent) => {
    const kept = trimToLevel(event, level);
    options.log.record(kept);
    try {
      options.onEvent?.(kept);
    } catch {
      // A failing listener must not fail the audited call.
    }
  };
  return new Proxy(service, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function' || !(property in ACTIONS)) {
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      const action = ACTIONS[property]!;
      return async (...args: unknown[]) => {
        const started = performance.now();
        const principal = currentPrincipal();
        const collection = typeof args[0] === 'string' ? args[0] : '';
        const documentId = documentIdOf(property, args);
        const base = {
          timestamp: new Date().toISOString(),
          principal: principal?.id ?? 'system',
          resource: collection,
          action,
          ...(options.service === undefined ? {} : { provider: options.service }),
          ...(documentId === undefined ? {} : { documentId: String(documentId) }),
          ...(principal?.ip === undefined ? {} : { sourceIp: principal.ip }),
          ...(principal?.userAgent === undefined ? {} : { userAgent: principal.userAgent }),
        };
        try {
          const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
          const failed = isResult(result) && result.success === false;
          emit({
            ...base,
            eventType: 'storage_operation',
            result: failed ? 'failure' : 'success',
            durationMs: Math.round((performance.now() - started) * 1000) / 1000,
            ...(failed && result.error ? { errorCode: result.error.code } : {}),
          });
          return result;
        } catch (error) {
          const denied = isStorageError(error, 'PERMISSION_DENIED');
          emit({
            ...base,
            eventType: denied ? 'access_denied' : 'storage_operation',
            result: denied ? 'denied' : 'failure',
            durationMs: Math.round((performance.now() - started) * 1000) / 1000,
            errorCode: isStorageError(error) ? error.code : 'INTERNAL',
          });
          throw error;
        }
      };
    },
  });
}

/** The document a call names: the id argument of read/exists/delete, the third of write. */
function documentIdOf(method: string, args: unknown[]): DocumentId | undefined {
  const id = method === 'write' ? args[2] : method === 'read' || method === 'exists' || method === 'delete' ? args[1] : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

function isResult(value: unknown): value is StorageResult {
  return typeof value === 'object' && value !== null && 'success' in value && typeof (value).success === 'boolean';
}
