import type { DocumentId, ObjectStore, StorageRouter } from '@agentmap/storage-core';
import type { FileTarget } from '../paths/target';
import type { FileSettings } from './settings';

/** What every operation of the service works with. */
export interface FileContext {
  /** Maps `(collection, documentId?)` onto a store and key, refusing unsafe names. */
  resolve: (collection: string, documentId?: DocumentId) => FileTarget;
  settings: FileSettings;
  /** The store plain collection names live in (the router's default store when there is no store). */
  rootStore: () => ObjectStore;
  /** Key prefix of the service inside `rootStore` (`''` for none). */
  prefix: string;
  router?: StorageRouter;
}
