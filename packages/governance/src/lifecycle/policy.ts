import { StorageError } from '@agentmap/storage-core';

const PROVIDER = 'lifecycle';

/** How often an object was read, bucketed (see `accessFrequency` of {@link PlanLifecycleOptions}). */
export type AccessFrequency = 'none' | 'low' | 'medium' | 'high';

/** When a policy applies to an object; every condition given must hold. */
export interface LifecycleConditions {
  /** The object was last modified at least this many days ago. */
  age_days?: number;
  /** Reads over the access window, bucketed: from `accessCounts` or the audit log. `low` also matches `none`. */
  access_frequency?: AccessFrequency;
  /** The object's current tier: a tier name (`warm_storage`) or a provider class (`STANDARD_IA`). */
  tier?: string;
  /** Metadata `data-type` (or `data_type`) equals this. */
  data_type?: string;
  /** Metadata `data-classification` (or `classification`) equals this. */
  data_classification?: string;
  /** Metadata `compliance-flags` (comma-separated) contains this flag. */
  compliance_flag?: string;
  /** The key ends with one of these extensions (`.log`). */
  file_types?: string[];
  /** The key starts with this prefix. */
  prefix?: string;
}

/** One step of a policy. */
export type LifecycleAction =
  | { type: 'tier_transition'; target: string }
  | { type: 'compress'; format: 'gzip' | 'zstd'; delete_original?: boolean }
  | { type: 'anonymize'; fields: string[]; id_field?: string }
  | { type: 'archive'; destination: string; delete_original?: boolean }
  | { type: 'secure_delete'; verification?: 'cryptographic' | 'none' }
  | { type: 'delete' }
  | { type: 'index_removal'; index?: string };

/** A named rule: objects matching every condition get the actions, in order. */
export interface LifecyclePolicy {
  name: string;
  enabled?: boolean;
  conditions: LifecycleConditions;
  actions: LifecycleAction[];
}

/** The guide's `lifecycle:` block (or `cost_control.optimization_rules` as `policies`). */
export interface LifecycleConfig {
  enabled?: boolean;
  policies: LifecyclePolicy[];
}

const FREQUENCIES: readonly AccessFrequency[] = ['none', 'low', 'medium', 'high'];
/** Actions after which the object is gone from its key: nothing may follow them. */
const FINAL = (action: LifecycleAction) =>
  action.type === 'delete' || action.type === 'secure_delete' || ((action.type === 'compress' || action.type === 'archive') && action.delete_original === true);

function bad(path: string, message: string): never {
  throw new StorageError('INVALID_ARGUMENT', `Lifecycle config ${path}: ${message}`, { provider: PROVIDER });
}
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
function str(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 1024) bad(path, 'must be a non-empty string.');
  return value;
}
function strings(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 1000) bad(path, 'must be a non-empty list of strings.');
  return value.map((item, i) => str(item, `${path}[${i}]`));
}
function bool(value: unknown, path: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') bad(path, 'must be true or false.');
  return value;
}

function parseConditions(raw: unknown, path: string): LifecycleConditions {
  if (raw === undefined) return {};
  if (!isRecord(raw)) bad(path, 'must be a mapping of conditions.');
  const out: LifecycleConditions = {};
  for (const [name, value] of Object.entries(raw)) {
    const at = `${path}.${name}`;
    switch (name) {
      case 'age_days':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) bad(at, 'must be a number of days, 0 or more.');
        out.age_days = value;
        break;
      case 'access_frequency':
        if (!FREQUENCIES.includes(value as AccessFrequency)) bad(at, `must be one of ${FREQUENCIES.join(', ')}.`);
        out.access_frequency = value as AccessFrequency;
        break;
      case 'tier':
      case 'data_type':
      case 'data_classification':
      case 'compliance_flag':
      case 'prefix':
        out[name] = str(value, at);
        break;
      case 'file_types':
        out.file_types = strings(value, at).map((ext) => (ext.startsWith('.') ? ext : `.${ext}`).toLowerCase());
        break;
      default:
        bad(at, 'is not a known condition (age_days, access_frequency, tier, data_type, data_classification, compliance_flag, file_types, prefix).');
    }
  }
  return out;
}

function parseAction(raw: unknown, path: string): LifecycleAction {
  if (!isRecord(raw)) bad(path, 'must be a mapping with a type.');
  const type = raw.type;
  const deleteOriginal = bool(raw.delete_original, `${path}.delete_original`);
  switch (type) {
    case 'tier_transition':
      return { type, target: str(raw.target, `${path}.target`) };
    case 'move_to_cheaper_tier':
      return { type: 'tier_transition', target: str(raw.target_tier ?? raw.target, `${path}.target_tier`) };
    case 'compress': {
      const format = raw.format ?? 'gzip';
      if (format !== 'gzip' && format !== 'zstd') bad(`${path}.format`, 'must be gzip or zstd.');
      return { type, format, ...(deleteOriginal === undefined ? {} : { delete_original: deleteOriginal }) };
    }
    case 'anonymize':
      return { type, fields: strings(raw.fields, `${path}.fields`), ...(raw.id_field === undefined ? {} : { id_field: str(raw.id_field, `${path}.id_field`) }) };
    case 'archive':
      return { type, destination: str(raw.destination, `${path}.destination`), ...(deleteOriginal === undefined ? {} : { delete_original: deleteOriginal }) };
    case 'secure_delete': {
      const verification = raw.verification ?? 'cryptographic';
      if (verification !== 'cryptographic' && verification !== 'none') bad(`${path}.verification`, 'must be cryptographic or none.');
      return { type, verification };
    }
    case 'delete':
      return { type };
    case 'index_removal':
      return { type, ...(raw.index === undefined ? {} : { index: str(raw.index, `${path}.index`) }) };
    default:
      return bad(`${path}.type`, 'must be tier_transition, move_to_cheaper_tier, compress, anonymize, archive, secure_delete, delete or index_removal.');
  }
}

/**
 * Validates lifecycle policies as the guide writes them (the `lifecycle:` block, or
 * `cost_control.optimization_rules`), naming the exact path of a bad value. An action that
 * removes the object (`delete`, `secure_delete`, `delete_original: true`) must come last.
 */
export function parseLifecycleConfig(raw: unknown): LifecycleConfig {
  const section = Array.isArray(raw) ? { policies: raw } : raw;
  if (!isRecord(section)) bad('lifecycle', 'must be a mapping with policies (or a list of policies).');
  const enabled = bool(section.enabled, 'enabled');
  const list = section.policies ?? section.optimization_rules;
  if (!Array.isArray(list)) bad('policies', 'must be a list.');
  const names = new Set<string>();
  const policies = list.map((item: unknown, i): LifecyclePolicy => {
    const path = `policies[${i}]`;
    if (!isRecord(item)) bad(path, 'must be a mapping with name, conditions and actions.');
    const name = str(item.name, `${path}.name`);
    if (names.has(name)) bad(`${path}.name`, `"${name}" is used twice; give each policy its own name.`);
    names.add(name);
    if (!Array.isArray(item.actions) || item.actions.length === 0) bad(`${path}.actions`, 'must be a non-empty list.');
    const actions = item.actions.map((action: unknown, j) => parseAction(action, `${path}.actions[${j}]`));
    actions.forEach((action, j) => {
      if (FINAL(action) && j < actions.length - 1) bad(`${path}.actions[${j}]`, `${action.type} removes the object, so it must be the last action.`);
    });
    const policyEnabled = bool(item.enabled, `${path}.enabled`);
    return { name, ...(policyEnabled === undefined ? {} : { enabled: policyEnabled }), conditions: parseConditions(item.conditions, `${path}.conditions`), actions };
  });
  return { ...(enabled === undefined ? {} : { enabled }), policies };
}
