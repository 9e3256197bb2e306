import type { CsvContext } from './context';

/** `listCollections`: names of the `.csv` objects under the prefix, without prefix and extension, sorted. */
export async function listCollections(ctx: CsvContext): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of ctx.listingStore().list(ctx.prefix)) {
    if (entry.kind === 'object' && entry.key.endsWith('.csv')) names.push(entry.key.slice(ctx.prefix.length, -'.csv'.length));
  }
  return names.sort();
}
