/** What a backend knows about one stored object. */
export interface ObjectInfo {
  /** The key inside the store's namespace, `/`-separated. */
  key: string;
  /** Size in bytes. */
  size: number;
  /**
   * An opaque version tag. It changes whenever the content changes; pass it back as
   * `ifMatch` to make a write conditional.
   */
  etag: string;
  lastModified: Date;
  contentType?: string;
  /** User metadata, as stored (keys lower-case on every backend). */
  metadata?: Record<string, string>;
  /** The storage class or access tier, in the provider's spelling, where the provider reports it. */
  storageClass?: string;
}

/** One entry of a listing: an object, or a common prefix when a delimiter is used. */
export type ListEntry = ObjectEntry | PrefixEntry;

export interface ObjectEntry {
  kind: 'object';
  key: string;
  size: number;
  etag?: string;
  lastModified?: Date;
  /** The storage class or access tier, where the provider's listing reports it. */
  storageClass?: string;
}

export interface PrefixEntry {
  kind: 'prefix';
  /** The common prefix, ending with the delimiter. */
  prefix: string;
}
