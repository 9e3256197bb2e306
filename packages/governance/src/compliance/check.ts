import type { ObjectStore } from '@agentmap/storage-core';
import { textOf } from '@agentmap/storage-core/kit';
import { readAuditLog } from '../audit/read';
import { isEnvelope } from '../encryption/envelope';
import { governanceLayers } from './governed';
import { type CompliancePolicy, parseCompliancePolicy } from './policy';
import { type ComplianceReport, makeReport } from './report';

/** How bad a finding is. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** One thing out of line with the policy, on an exact resource (`store:key`, or the store). */
export interface ComplianceFinding {
  severity: Severity;
  /** `<store name>` or `<store name>:<key>` (or `<store name>:<key>#<field>`). */
  resource: string;
  /** `gdpr.retention`, `encryption.at_rest`, `encryption.fields`, `access_control`, `audit`, `presign.duration`. */
  rule: string;
  message: string;
}

export interface CheckComplianceOptions {
  /** The stores to check, by name as findings will name them. */
  stores: Record<string, ObjectStore>;
  /** A `compliance:` block, the whole `storage:` config, or a typed policy. */
  policy: CompliancePolicy | Record<string, unknown>;
  /** Stores whose provider encrypts at rest (S3 SSE-KMS, Azure, GCS default keys): names. */
  providerEncrypted?: string[];
  /** Part 1's audit log, to check presign durations (events written at level `detailed`). */
  auditLog?: { store: ObjectStore; prefix?: string; encryptionKey?: string | Uint8Array };
  /** Findings kept per rule and store before the rest are summed up in one finding. Default 1 000. */
  maxFindingsPerRule?: number;
  now?: number | Date;
  signal?: AbortSignal;
}

/**
 * Checks stores against a compliance policy and reports findings with severity and the exact
 * resource: objects kept longer than a regulation's maximum, stores without encryption at rest
 * or fields stored in the clear that must be encrypted, stores without access control or
 * audit, presigned URLs longer than allowed. Reads only: listings, and the JSON objects under
 * `encrypted_fields` prefixes.
 */
export async function checkCompliance(options: CheckComplianceOptions): Promise<ComplianceReport> {
  const policy = parseCompliancePolicy(options.policy);
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const cap = options.maxFindingsPerRule ?? 1_000;
  const findings: ComplianceFinding[] = [];
  const call = options.signal ? { signal: options.signal } : {};
  let scanned = 0;

  for (const [name, store] of Object.entries(options.stores)) {
    const layers = governanceLayers(store);
    if (policy.security?.encryption_at_rest === true && !layers.has('encryption') && !options.providerEncrypted?.includes(name)) {
      findings.push({ severity: 'high', resource: name, rule: 'encryption.at_rest', message: `${store.location} is not encrypted at rest: wrap it in withEncryption or name it in providerEncrypted once the provider's encryption is on.` });
    }
    if (policy.security?.access_logging === true && !layers.has('access_control')) {
      findings.push({ severity: 'high', resource: name, rule: 'access_control', message: `${store.location} has no access control: wrap it in withAccessControl.` });
    }
    if (policy.security?.audit_logging === true && !layers.has('audit')) {
      findings.push({ severity: 'high', resource: name, rule: 'audit', message: `${store.location} is not audited: wrap it in withAudit.` });
    }

    const limits = Object.entries(policy.regulations ?? {}).flatMap(([regulation, rule]) => (rule?.max_retention_days === undefined ? [] : [{ regulation, days: rule.max_retention_days }]));
    const fieldRules = (policy.encrypted_fields ?? []).filter((rule) => rule.store === undefined || rule.store === name);
    const counted = new Map<string, number>();
    const add = (finding: ComplianceFinding) => {
      const n = (counted.get(finding.rule) ?? 0) + 1;
      counted.set(finding.rule, n);
      if (n <= cap) findings.push(finding);
    };
    for await (const entry of store.list('', call)) {
      if (entry.kind !== 'object') continue;
      scanned++;
      const age = entry.lastModified ? (now - entry.lastModified.getTime()) / 86_400_000 : undefined;
      for (const limit of limits) {
        if (age !== undefined && age > limit.days) {
          add({ severity: 'high', resource: `${name}:${entry.key}`, rule: `${limit.regulation}.retention`, message: `Kept ${Math.floor(age)} days, over the ${limit.regulation.toUpperCase()} maximum of ${limit.days}: delete or anonymise it (a lifecycle policy with age_days ${limit.days}).` });
        }
      }
      const rules = fieldRules.filter((rule) => entry.key.startsWith(rule.prefix));
      if (rules.length > 0 && /\.(json|jsonl)$/i.test(entry.key)) {
        for (const field of plaintextFields(textOf((await store.get(entry.key, call)).body), rules.flatMap((rule) => rule.fields), /\.jsonl$/i.test(entry.key))) {
          add({ severity: 'critical', resource: `${name}:${entry.key}#${field}`, rule: 'encryption.fields', message: `Field ${field} is stored in the clear: write it through withFieldEncryption, then run reencryptFields over the collection.` });
        }
      }
    }
    for (const [rule, n] of counted) {
      if (n > cap) findings.push({ severity: 'medium', resource: name, rule, message: `${n - cap} more findings of ${rule} in ${store.location} were left out of this report.` });
    }
  }

  if (policy.max_presign_seconds !== undefined && options.auditLog) {
    const { store, ...read } = options.auditLog;
    for await (const { event } of readAuditLog(store, read)) {
      const expiresIn = Number((event.details as { expiresIn?: unknown } | undefined)?.expiresIn);
      if (event.action === 'presign' && expiresIn > policy.max_presign_seconds) {
        findings.push({ severity: 'medium', resource: event.resource, rule: 'presign.duration', message: `${event.principal} presigned a URL valid ${expiresIn} s at ${event.timestamp}, over the ${policy.max_presign_seconds} s allowed: shorten expiresIn.` });
      }
    }
  }
  return makeReport(findings, scanned, new Date(now));
}

/** Named fields (dot paths) of the records of a JSON document whose values are not encrypted envelopes. */
function plaintextFields(text: string, fields: readonly string[], jsonLines: boolean): Set<string> {
  const found = new Set<string>();
  const visit = (record: unknown) => {
    for (const field of fields) {
      let node: unknown = record;
      for (const part of field.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
      if (node !== undefined && node !== null && !isEnvelope(node)) found.add(field);
    }
  };
  for (const chunk of jsonLines ? text.split('\n') : [text]) {
    let value: unknown;
    try {
      value = JSON.parse(chunk);
    } catch {
      continue;
    }
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      visit(value);
      Object.values(value).forEach(visit);
    }
  }
  return found;
}
