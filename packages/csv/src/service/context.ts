import type { CollectionIO, CollectionTarget } from './collection-io';
import type { CsvSettings } from './settings';

/** What every operation of one service shares. */
export interface CsvContext {
  io: CollectionIO;
  settings: CsvSettings;
  /** Collection name or URI to store and key (`users` -> `users.csv`); unsafe names throw. */
  resolve: (collection: string) => CollectionTarget;
  /** The store `listCollections` looks in. */
  listingStore: () => CollectionTarget['store'];
  /** Key prefix of collections in that store ('' or ending with '/'). */
  prefix: string;
}
