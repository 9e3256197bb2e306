import { StorageError } from '@agentmap/storage-core';

/** Fields that must be stored encrypted in the JSON objects under a prefix. */
export interface EncryptedFieldsRule {
  /** Store name (a key of `stores`); every store when omitted. */
  store?: string;
  prefix: string;
  fields: string[];
}

/**
 * What compliance requires, in the config's words: the guide's `regulations.gdpr.max_retention_days`
 * and its `security:` switches, plus field and presign rules.
 */
export interface CompliancePolicy {
  regulations?: { gdpr?: { max_retention_days?: number } } & Record<string, { max_retention_days?: number } | undefined>;
  /** The guide's `security:` block: `encryption_at_rest`, `access_logging`, `audit_logging` (true = required). */
  security?: { encryption_at_rest?: boolean; access_logging?: boolean; audit_logging?: boolean; [key: string]: unknown };
  encrypted_fields?: EncryptedFieldsRule[];
  /** Longest presigned URL allowed, in seconds; checked against presign events of the audit log. */
  max_presign_seconds?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
function bad(path: string, message: string): never {
  throw new StorageError('INVALID_ARGUMENT', `Compliance policy ${path}: ${message}`, { provider: 'compliance' });
}
const days = (v: unknown, path: string) => {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) bad(path, 'must be a number of days, 0 or more.');
};

/**
 * Validates a compliance policy: a `compliance:` block, or the whole `storage:` config (its
 * `compliance` and `security` sections are read), naming the path of a bad value.
 */
export function parseCompliancePolicy(raw: unknown): CompliancePolicy {
  if (!isRecord(raw)) bad('', 'must be a mapping.');
  const base = isRecord(raw.compliance) ? { ...raw.compliance, ...(isRecord(raw.security) ? { security: raw.security } : {}) } : raw;
  const regulations = base.regulations;
  if (regulations !== undefined) {
    if (!isRecord(regulations)) bad('regulations', 'must be a mapping of regulation names.');
    for (const [name, rule] of Object.entries(regulations)) {
      if (!isRecord(rule)) bad(`regulations.${name}`, 'must be a mapping.');
      days(rule.max_retention_days, `regulations.${name}.max_retention_days`);
    }
  }
  if (base.security !== undefined && !isRecord(base.security)) bad('security', 'must be a mapping.');
  if (isRecord(base.security)) {
    for (const flag of ['encryption_at_rest', 'access_logging', 'audit_logging']) {
      if (base.security[flag] !== undefined && typeof base.security[flag] !== 'boolean') bad(`security.${flag}`, 'must be true or false.');
    }
  }
  if (base.encrypted_fields !== undefined) {
    if (!Array.isArray(base.encrypted_fields)) bad('encrypted_fields', 'must be a list.');
    base.encrypted_fields.forEach((rule: unknown, i) => {
      if (!isRecord(rule) || typeof rule.prefix !== 'string' || !Array.isArray(rule.fields) || !rule.fields.every((f) => typeof f === 'string')) {
        bad(`encrypted_fields[${i}]`, 'must have a prefix and a list of field names.');
      }
    });
  }
  if (base.max_presign_seconds !== undefined && (typeof base.max_presign_seconds !== 'number' || base.max_presign_seconds < 0)) bad('max_presign_seconds', 'must be a number of seconds.');
  return base;
}
