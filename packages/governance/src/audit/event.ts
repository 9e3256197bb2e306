/** How much an audit log records: `basic` (who did what to which resource, and the result), `standard` (+ provider, document id, size, duration, error code), `detailed` (+ source IP, user agent, call options). */
export type AuditLevel = 'basic' | 'standard' | 'detailed';

/** One event of the audit log, with the fields of the guide's audit records. */
export interface AuditEvent {
  /** ISO 8601, UTC. */
  timestamp: string;
  /** `storage_operation`, `access_denied`, `config_change`, `policy_violation`, or an application's own. */
  eventType: string;
  /** Who acted (`runAs` principal id), `system` when nobody was named. */
  principal: string;
  /** What was acted on: `users/1.json`, a collection, a prefix. */
  resource: string;
  /** `read`, `write`, `delete`, `list`, `copy`, … */
  action: string;
  /** `success`, `failure` or `denied`. */
  result: 'success' | 'failure' | 'denied';
  /** The store's provider (`local`, `s3`…). Standard and detailed. */
  provider?: string;
  /** The document id, when a service names one. Standard and detailed. */
  documentId?: string;
  /** Bytes written or read. Standard and detailed. */
  size?: number;
  /** Milliseconds the call took. Standard and detailed. */
  durationMs?: number;
  /** The StorageError code of a failure. Standard and detailed. */
  errorCode?: string;
  /** Detailed only. */
  sourceIp?: string;
  /** Detailed only. */
  userAgent?: string;
  /** Anything else the caller adds (never bodies or credentials). */
  details?: Record<string, unknown>;
}

const STANDARD_FIELDS: readonly (keyof AuditEvent)[] = ['provider', 'documentId', 'size', 'durationMs', 'errorCode'];
const DETAILED_FIELDS: readonly (keyof AuditEvent)[] = ['sourceIp', 'userAgent', 'details'];

/** The event as the level keeps it: fields above the level are left out. */
export function trimToLevel(event: AuditEvent, level: AuditLevel): AuditEvent {
  if (level === 'detailed') return event;
  const out: AuditEvent = { ...event };
  for (const field of DETAILED_FIELDS) delete out[field];
  if (level === 'basic') for (const field of STANDARD_FIELDS) delete out[field];
  return out;
}

/** Drops undefined fields, so the stored JSON (and its hash) has one spelling. */
export function compactEvent(event: AuditEvent): AuditEvent {
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as unknown as AuditEvent;
}
