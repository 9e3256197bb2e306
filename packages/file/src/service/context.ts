import type { ObjectStore } from '@agentmap/storage-core';
import type { FileSettings } from './settings';

/** What the operations of one service share. */
export interface FileContext {
  settings: FileSettings;
  /** The store plain collection names live in (the router's default store when there is no store). */
  rootStore: () => ObjectStore;
  /** Key prefix of the service inside `rootStore` (`''` for none). */
  prefix: string;
}
