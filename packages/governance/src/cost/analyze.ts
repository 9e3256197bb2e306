import type { ObjectStore } from '@agentmap/storage-core';
import { type AccessBuckets, type AccessSource, accessCounter, frequencyOf } from '../lifecycle/access';
import { DEFAULT_TIERS, type TierMap, defaultClass, providerClass } from '../lifecycle/tiers';
import { type Budget, type BudgetAlert, type BudgetStatus, budgetStatus, parseBudgets } from './budget';
import { DEFAULT_PRICING_DATE, type PricingTable, mergePricing, priceOf } from './pricing';

const GB = 1024 ** 3;

/** Bytes, objects and monthly cost of one slice of the data. */
export interface UsageLine {
  objects: number;
  bytes: number;
  /** USD per month at the table's prices. */
  monthlyCost: number;
}

/** Moving a group of objects to a cheaper class, and what it saves per month. */
export interface TierRecommendation {
  store: string;
  collection: string;
  from: string;
  to: string;
  objects: number;
  bytes: number;
  monthlySavings: number;
}

/** The result of {@link analyzeCosts}. */
export interface CostAnalysis {
  pricingDate: string;
  total: UsageLine;
  byProvider: Record<string, UsageLine>;
  /** Keyed `<provider>:<class>`. */
  byStorageClass: Record<string, UsageLine>;
  /** Keyed `<store name>:<collection>` (the first key segment, `(root)` for keys without one). */
  byCollection: Record<string, UsageLine>;
  recommendations: TierRecommendation[];
  budgets: BudgetStatus[];
}

export interface AnalyzeCostsOptions {
  /** Stores to list, by name. */
  stores?: Record<string, ObjectStore>;
  /** Usage you already have instead of (or besides) listings: `{ provider, storageClass?, collection?, bytes, objects? }`. */
  usage?: { provider: string; storageClass?: string; collection?: string; bytes: number; objects?: number }[];
  /** USD per GB-month by provider and class, merged over {@link DEFAULT_PRICING}. */
  pricing?: PricingTable;
  /** The guide's `cost_control` block (its `budgets` are evaluated), or the budgets themselves. */
  costControl?: { budgets?: unknown } | Record<string, unknown>;
  budgets?: Budget[];
  /** Called for each budget alert whose threshold the monthly cost reaches. */
  onBudgetAlert?: (status: BudgetStatus, alert: BudgetAlert) => void;
  /** Reads per key, for recommendations: the audit log or your counts. */
  access?: AccessSource;
  accessBuckets?: AccessBuckets;
  /** Objects younger than this are never recommended for a colder class. Default 30. */
  minAgeDays?: number;
  /** The tier cold objects are recommended for. Default `warm_storage`. */
  targetTier?: string;
  tiers?: TierMap;
  now?: number | Date;
  signal?: AbortSignal;
}

const line = (): UsageLine => ({ objects: 0, bytes: 0, monthlyCost: 0 });
function add(map: Record<string, UsageLine>, key: string, bytes: number, objects: number, cost: number): void {
  const entry = (map[key] ??= line());
  entry.objects += objects;
  entry.bytes += bytes;
  entry.monthlyCost += cost;
}

/**
 * Usage and monthly cost per provider, storage class and collection, from listings (streamed:
 * memory grows with the number of collections, not of objects) or given usage; cheaper classes
 * recommended for objects rarely read; budgets evaluated, with their alerts notified.
 */
export async function analyzeCosts(options: AnalyzeCostsOptions): Promise<CostAnalysis> {
  const pricing = mergePricing(options.pricing);
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const tiers = { ...DEFAULT_TIERS, ...options.tiers };
  const buckets = options.accessBuckets ?? {};
  const reads = options.access ? await accessCounter(options.access, now, buckets) : undefined;
  const minAge = options.minAgeDays ?? 30;
  const result: CostAnalysis = { pricingDate: DEFAULT_PRICING_DATE, total: line(), byProvider: {}, byStorageClass: {}, byCollection: {}, recommendations: [], budgets: [] };
  const recommendations = new Map<string, TierRecommendation>();

  const record = (storeName: string, provider: string, storageClass: string | undefined, collection: string, bytes: number, objects: number) => {
    const cost = (bytes / GB) * priceOf(pricing, provider, storageClass);
    add(result.byProvider, provider, bytes, objects, cost);
    add(result.byStorageClass, `${provider}:${storageClass ?? 'default'}`, bytes, objects, cost);
    add(result.byCollection, `${storeName}:${collection}`, bytes, objects, cost);
    result.total.objects += objects;
    result.total.bytes += bytes;
    result.total.monthlyCost += cost;
  };

  for (const usage of options.usage ?? []) record(usage.provider, usage.provider, usage.storageClass, usage.collection ?? '(all)', usage.bytes, usage.objects ?? 0);

  for (const [name, store] of Object.entries(options.stores ?? {})) {
    const target = providerClass(store, options.targetTier ?? 'warm_storage', tiers);
    const hot = defaultClass(store, tiers);
    for await (const entry of store.list('', options.signal ? { signal: options.signal } : {})) {
      if (entry.kind !== 'object') continue;
      const slash = entry.key.indexOf('/');
      const collection = slash === -1 ? '(root)' : entry.key.slice(0, slash);
      const storageClass = entry.storageClass ?? hot;
      record(name, store.provider, storageClass, collection, entry.size, 1);
      // Rarely read, old enough, and in a class dearer than the target: worth moving.
      if (!reads || target === undefined || storageClass === undefined || storageClass === target) continue;
      const old = entry.lastModified === undefined || now - entry.lastModified.getTime() >= minAge * 86_400_000;
      const saving = (entry.size / GB) * (priceOf(pricing, store.provider, storageClass) - priceOf(pricing, store.provider, target));
      if (!old || saving <= 0 || !['none', 'low'].includes(frequencyOf(reads(entry.key), buckets))) continue;
      const key = `${name}\u0000${collection}\u0000${storageClass}`;
      const rec = recommendations.get(key) ?? { store: name, collection, from: storageClass, to: target, objects: 0, bytes: 0, monthlySavings: 0 };
      rec.objects++;
      rec.bytes += entry.size;
      rec.monthlySavings += saving;
      recommendations.set(key, rec);
    }
  }
  result.recommendations = [...recommendations.values()].sort((a, b) => b.monthlySavings - a.monthlySavings);

  const budgets = options.budgets ?? parseBudgets((options.costControl as { budgets?: unknown } | undefined)?.budgets);
  for (const budget of budgets) {
    const status = budgetStatus(budget, result.total.monthlyCost);
    result.budgets.push(status);
    for (const alert of status.triggered) {
      try {
        options.onBudgetAlert?.(status, alert);
      } catch {
        // A failing listener must not fail the analysis.
      }
    }
  }
  return result;
}

