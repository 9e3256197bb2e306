import type { ObjectStore } from '@agentmap/storage-core';

/** Provider classes for one tier name, by store provider (`s3`, `azure`, `gcs`, a plugin's). */
export type TierMap = Record<string, Record<string, string>>;

/**
 * The tier names of the guide mapped onto each provider's classes. Override or extend with
 * the `tiers` option; a target that is already one of the store's classes is used as is.
 */
export const DEFAULT_TIERS: TierMap = {
  hot_storage: { s3: 'STANDARD', azure: 'Hot', gcs: 'STANDARD' },
  warm_storage: { s3: 'STANDARD_IA', azure: 'Cool', gcs: 'NEARLINE' },
  infrequent_access: { s3: 'STANDARD_IA', azure: 'Cool', gcs: 'NEARLINE' },
  cold_storage: { s3: 'GLACIER_IR', azure: 'Cold', gcs: 'COLDLINE' },
  archive_storage: { s3: 'DEEP_ARCHIVE', azure: 'Archive', gcs: 'ARCHIVE' },
};
for (const [alias, name] of [['hot', 'hot_storage'], ['warm', 'warm_storage'], ['cold', 'cold_storage'], ['archive', 'archive_storage']] as const) {
  DEFAULT_TIERS[alias] = DEFAULT_TIERS[name]!;
}

/** The provider class a tier name or class means on this store, or undefined when it has none. */
export function providerClass(store: ObjectStore, tier: string, tiers: TierMap): string | undefined {
  const classes = store.capabilities.storageClasses;
  if (classes?.includes(tier)) return tier;
  const mapped = tiers[tier]?.[store.provider];
  return mapped !== undefined && (classes === undefined || classes.includes(mapped)) ? mapped : undefined;
}

/** The class an object is in when the provider does not say: its default (first listed hot class). */
export function defaultClass(store: ObjectStore, tiers: TierMap): string | undefined {
  return store.capabilities.storageClasses ? (tiers.hot_storage?.[store.provider] ?? store.capabilities.storageClasses[0]) : undefined;
}
