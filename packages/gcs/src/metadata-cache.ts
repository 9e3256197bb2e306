import type { ObjectResource } from './object-info';

/**
 * Object resources this store has seen, by key. A media download reports the generation and
 * metageneration it served; GCS never gives two different contents or metadata the same pair,
 * so a cached resource with that pair describes the download exactly and saves a second
 * request. Entries are never trusted otherwise; the oldest are dropped past `capacity`.
 */
export class MetadataCache {
  private readonly entries = new Map<string, ObjectResource>();

  constructor(private readonly capacity = 1000) {}

  remember(key: string, resource: ObjectResource): void {
    if (this.capacity === 0 || resource.generation === undefined) return;
    this.entries.delete(key);
    this.entries.set(key, resource);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The resource of exactly this generation and metageneration, if seen. */
  lookup(key: string, generation: string | undefined, metageneration: string | undefined): ObjectResource | undefined {
    if (generation === undefined || metageneration === undefined) return undefined;
    const found = this.entries.get(key);
    if (!found || String(found.generation) !== generation || String(found.metageneration) !== metageneration) return undefined;
    return found;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
