/** USD per GB-month, by provider then storage class (`default` for a store without classes). */
export type PricingTable = Record<string, Record<string, number>>;

/**
 * Public list prices of storage (USD per GB-month, first volume tier, US regions: S3 us-east-1,
 * Azure Blob LRS East US, GCS us-central1), as published by the providers on 2025-06-01.
 * Prices change and differ by region and contract: pass your own `pricing` (any subset; it is
 * merged over these) for figures you can bill against. Local and memory stores cost nothing here.
 */
export const DEFAULT_PRICING: PricingTable = {
  s3: { STANDARD: 0.023, INTELLIGENT_TIERING: 0.023, STANDARD_IA: 0.0125, ONEZONE_IA: 0.01, GLACIER_IR: 0.004, GLACIER: 0.0036, DEEP_ARCHIVE: 0.00099, default: 0.023 },
  azure: { Hot: 0.0184, Cool: 0.01, Cold: 0.0036, Archive: 0.00099, default: 0.0184 },
  gcs: { STANDARD: 0.02, NEARLINE: 0.01, COLDLINE: 0.004, ARCHIVE: 0.0012, default: 0.02 },
  local: { default: 0 },
  memory: { default: 0 },
};
export const DEFAULT_PRICING_DATE = '2025-06-01';

/** Merges a config's table (the guide's words: `providers.<name>.<class>`) over the defaults. */
export function mergePricing(custom: PricingTable | undefined): PricingTable {
  const out: PricingTable = {};
  for (const [provider, classes] of Object.entries(DEFAULT_PRICING)) out[provider] = { ...classes };
  for (const [provider, classes] of Object.entries(custom ?? {})) out[provider] = { ...out[provider], ...classes };
  return out;
}

/** The price of a class, falling back to the provider's default, then 0 for providers not priced. */
export function priceOf(pricing: PricingTable, provider: string, storageClass: string | undefined): number {
  const table = pricing[provider];
  if (!table) return 0;
  return (storageClass === undefined ? undefined : table[storageClass]) ?? table.default ?? 0;
}
