import { randomUUID } from 'node:crypto';
import { type ObjectEntry, type ObjectStore, StorageError } from '@agentmap/storage-core';
import { mapLimit } from '@agentmap/storage-core/kit';
import { type AccessBuckets, type AccessSource, accessCounter, frequencyMatches, frequencyOf } from './access';
import { type LifecycleAction, type LifecycleConditions, type LifecyclePolicy, parseLifecycleConfig } from './policy';
import { DEFAULT_TIERS, type TierMap, defaultClass, providerClass } from './tiers';

/** Where lifecycle runs keep their journals inside the store; never planned. */
export const JOURNAL_PREFIX = '.agentmap-lifecycle/';
const PROVIDER = 'lifecycle';
const COMPRESSED = /\.(gz|zst)$/i;

/** One action planned for one object, with the policy that asked for it. */
export interface PlannedStep {
  policy: string;
  action: LifecycleAction;
  /** For `tier_transition`: the provider class the target tier means on this store. */
  storageClass?: string;
}

/** One object the plan acts on, as the listing showed it. */
export interface PlannedObject {
  key: string;
  /** Every action is conditional on this etag: an object changed since planning is skipped. */
  etag: string;
  size: number;
  lastModified: string;
  storageClass?: string;
  steps: PlannedStep[];
}

/** What {@link planLifecycle} found: JSON-serialisable, so it can be reviewed, stored and applied later. */
export interface LifecyclePlan {
  id: string;
  createdAt: string;
  provider: string;
  location: string;
  /** False when the config said `enabled: false`: nothing is planned. */
  enabled: boolean;
  policies: LifecyclePolicy[];
  /** Objects listed. */
  scanned: number;
  items: PlannedObject[];
}

/** The policies (the guide's `lifecycle:` block as an object) plus how to evaluate them. */
export interface PlanLifecycleOptions {
  /** The policies, as typed objects or as loaded from YAML (validated here). */
  policies: readonly (LifecyclePolicy | Record<string, unknown>)[];
  /** `false` plans nothing (the guide's `lifecycle.enabled`). */
  enabled?: boolean;
  /** Plan only keys under this prefix. */
  prefix?: string;
  /** Key prefixes never planned, besides the journal's. */
  exclude?: string[];
  /** The current time (ms or Date), for ages. Default now. */
  now?: number | Date;
  /** Where reads per key come from, for `access_frequency`. Required when a policy uses it. */
  access?: AccessSource;
  accessBuckets?: AccessBuckets;
  /** Tier names to provider classes; merged over {@link DEFAULT_TIERS}. */
  tiers?: TierMap;
  /** Parallel `head` calls for conditions the listing cannot answer (metadata, class). Default 8. */
  concurrency?: number;
  signal?: AbortSignal;
}

interface Evaluator {
  policies: LifecyclePolicy[];
  tiers: TierMap;
  now: number;
  reads?: (key: string) => number;
  buckets: AccessBuckets;
}

/**
 * Lists the store and says, for every object, which actions the policies call for. Touches
 * nothing: only `list` and, where a condition needs metadata or the storage class, `head`.
 * Yields objects in listing order with bounded memory (one batch of heads at a time).
 */
export async function* planLifecycleItems(store: ObjectStore, options: PlanLifecycleOptions): AsyncGenerator<PlannedObject, number> {
  const config = parseLifecycleConfig({ ...(options.enabled === undefined ? {} : { enabled: options.enabled }), policies: options.policies });
  if (config.enabled === false) return 0;
  const policies = config.policies.filter((policy) => policy.enabled !== false);
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const buckets = options.accessBuckets ?? {};
  const usesAccess = policies.some((policy) => policy.conditions.access_frequency !== undefined);
  if (usesAccess && !options.access) {
    throw new StorageError('INVALID_ARGUMENT', 'A policy uses access_frequency: pass access ({ auditLog } or { counts }) so reads can be counted.', { provider: PROVIDER });
  }
  const evaluator: Evaluator = { policies, tiers: { ...DEFAULT_TIERS, ...options.tiers }, now, buckets, ...(usesAccess ? { reads: await accessCounter(options.access!, now, buckets) } : {}) };
  const needsMetadata = policies.some(({ conditions: c }) => c.data_type !== undefined || c.data_classification !== undefined || c.compliance_flag !== undefined);
  // The class comes from the listing where the provider's listing reports it (S3, Azure, GCS).
  const needsClass = store.capabilities.storageClasses !== undefined && policies.some((p) => p.conditions.tier !== undefined || p.actions.some((a) => a.type === 'tier_transition'));
  const exclude = [JOURNAL_PREFIX, ...(options.exclude ?? [])];
  const concurrency = options.concurrency ?? 8;
  let scanned = 0;
  let batch: ObjectEntry[] = [];

  const settle = async function* (): AsyncGenerator<PlannedObject> {
    const planned = await mapLimit(batch, concurrency, async (entry) => {
      const info = await store.head(entry.key, options.signal ? { signal: options.signal } : {});
      // Gone since it was listed: nothing to plan.
      return info ? planObject(store, evaluator, { ...entry, etag: info.etag, size: info.size, lastModified: info.lastModified, ...(info.storageClass ? { storageClass: info.storageClass } : {}) }, info.metadata ?? {}) : undefined;
    }, options.signal);
    batch = [];
    for (const item of planned) if (item) yield item;
  };

  for await (const entry of store.list(options.prefix ?? '', options.signal ? { signal: options.signal } : {})) {
    if (entry.kind !== 'object' || exclude.some((p) => entry.key.startsWith(p))) continue;
    scanned++;
    // Cheap conditions first: most objects are ruled out without a head.
    if (!policies.some((policy) => listingMatches(evaluator, policy.conditions, entry))) continue;
    if (needsMetadata || (needsClass && entry.storageClass === undefined) || entry.etag === undefined || entry.lastModified === undefined) {
      batch.push(entry);
      if (batch.length >= concurrency * 4) yield* settle();
    } else {
      const item = planObject(store, evaluator, entry as Required<Pick<ObjectEntry, 'etag' | 'lastModified'>> & ObjectEntry, {});
      if (item) yield item;
    }
  }
  if (batch.length > 0) yield* settle();
  return scanned;
}

/**
 * Plans the lifecycle policies over a store without changing anything (the default
 * everywhere): every object and every action, each conditional on the etag seen here.
 *
 * ```ts
 * const plan = await planLifecycle(store, config.lifecycle);   // the guide's block
 * console.log(plan.items.map((i) => [i.key, i.steps.map((s) => s.action.type)]));
 * ```
 */
export async function planLifecycle(store: ObjectStore, options: PlanLifecycleOptions): Promise<LifecyclePlan> {
  const config = parseLifecycleConfig({ ...(options.enabled === undefined ? {} : { enabled: options.enabled }), policies: options.policies });
  const items: PlannedObject[] = [];
  const iterator = planLifecycleItems(store, options);
  let next = await iterator.next();
  while (!next.done) {
    items.push(next.value);
    next = await iterator.next();
  }
  return {
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    provider: store.provider,
    location: store.location,
    enabled: config.enabled !== false,
    policies: config.policies,
    scanned: next.value,
    items,
  };
}

function listingMatches(evaluator: Evaluator, conditions: LifecycleConditions, entry: ObjectEntry): boolean {
  if (conditions.prefix !== undefined && !entry.key.startsWith(conditions.prefix)) return false;
  if (conditions.file_types && !conditions.file_types.some((ext) => entry.key.toLowerCase().endsWith(ext))) return false;
  if (conditions.age_days !== undefined && entry.lastModified !== undefined && ageDays(evaluator, entry.lastModified) < conditions.age_days) return false;
  if (conditions.access_frequency !== undefined && !frequencyMatches(conditions.access_frequency, frequencyOf(evaluator.reads!(entry.key), evaluator.buckets))) return false;
  return true;
}

const ageDays = (evaluator: Evaluator, lastModified: Date) => (evaluator.now - lastModified.getTime()) / 86_400_000;

function metadataValue(metadata: Record<string, string>, ...names: string[]): string | undefined {
  for (const name of names) if (metadata[name] !== undefined) return metadata[name];
  return undefined;
}

function matches(store: ObjectStore, evaluator: Evaluator, conditions: LifecycleConditions, entry: ObjectEntry & { lastModified: Date }, metadata: Record<string, string>): boolean {
  if (!listingMatches(evaluator, conditions, entry)) return false;
  if (conditions.age_days !== undefined && ageDays(evaluator, entry.lastModified) < conditions.age_days) return false;
  if (conditions.tier !== undefined) {
    const current = entry.storageClass ?? defaultClass(store, evaluator.tiers);
    if (current === undefined || current !== providerClass(store, conditions.tier, evaluator.tiers)) return false;
  }
  if (conditions.data_type !== undefined && metadataValue(metadata, 'data-type', 'data_type') !== conditions.data_type) return false;
  if (conditions.data_classification !== undefined && metadataValue(metadata, 'data-classification', 'data_classification', 'classification') !== conditions.data_classification) return false;
  if (conditions.compliance_flag !== undefined) {
    const flags = (metadataValue(metadata, 'compliance-flags', 'compliance_flags', 'compliance-flag', 'compliance_flag') ?? '').split(',').map((flag) => flag.trim());
    if (!flags.includes(conditions.compliance_flag)) return false;
  }
  return true;
}

function planObject(store: ObjectStore, evaluator: Evaluator, entry: ObjectEntry & { etag: string; lastModified: Date }, metadata: Record<string, string>): PlannedObject | undefined {
  const steps: PlannedStep[] = [];
  let storageClass = entry.storageClass ?? defaultClass(store, evaluator.tiers);
  for (const policy of evaluator.policies) {
    // Conditions see the object as it is, not as earlier steps of this plan will leave it.
    if (!matches(store, evaluator, policy.conditions, entry, metadata)) continue;
    for (const action of policy.actions) {
      if (action.type === 'tier_transition') {
        const target = providerClass(store, action.target, evaluator.tiers);
        // Already there: nothing to do, so nothing is planned.
        if (target !== undefined && target === storageClass) continue;
        steps.push({ policy: policy.name, action, ...(target === undefined ? {} : { storageClass: target }) });
        if (target !== undefined) storageClass = target;
        continue;
      }
      if (action.type === 'compress' && COMPRESSED.test(entry.key)) continue;
      steps.push({ policy: policy.name, action });
    }
    if (steps.some((step) => removes(step.action))) break;
  }
  if (steps.length === 0) return undefined;
  const cut = steps.findIndex((step) => removes(step.action));
  return {
    key: entry.key,
    etag: entry.etag,
    size: entry.size,
    lastModified: entry.lastModified.toISOString(),
    ...(entry.storageClass === undefined ? {} : { storageClass: entry.storageClass }),
    steps: cut === -1 ? steps : steps.slice(0, cut + 1),
  };
}

/** Whether the action leaves nothing at the key. */
export function removes(action: LifecycleAction): boolean {
  return action.type === 'delete' || action.type === 'secure_delete' || ((action.type === 'compress' || action.type === 'archive') && action.delete_original === true);
}
