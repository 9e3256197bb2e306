/** What a backend supports, so layers and services can check instead of guessing. */
export interface StoreCapabilities {
  /** `ifMatch` / `ifNoneMatch: '*'` on put and `ifMatch` on delete are enforced atomically. */
  conditionalWrite: boolean;
  /** `range` on get and getStream is served without reading the whole object. */
  range: boolean;
  /** `presign` is available. */
  presign: boolean;
  /** Large uploads are split into parts uploaded in parallel. */
  multipart: boolean;
  /** The backend keeps older versions of an object. */
  versioning: boolean;
  /** `contentType` and `metadata` are stored and returned. */
  metadata: boolean;
  /** Reads and writes stream without holding the whole object in memory. */
  streaming: boolean;
  /** `copy` happens server-side, without moving bytes through this process. */
  serverSideCopy: boolean;
  /**
   * The storage classes or access tiers `setStorageClass` accepts, in the provider's spelling,
   * cheapest-to-read first; absent when the backend has none.
   */
  storageClasses?: readonly string[];
}
