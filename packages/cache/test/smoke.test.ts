import { Keyv } from 'keyv';
import { describeCacheLevel } from '@agentmap/storage-testkit/cache';
import { createMemoryStore } from '@agentmap/storage-core';
import { LruStore, ObjectStoreAdapter } from '../src';

describeCacheLevel('LruStore under Keyv', { create: () => new Keyv({ store: new LruStore({ maxEntries: 5 }) }), maxEntries: 5 });
describeCacheLevel('ObjectStoreAdapter on memory under Keyv', { create: () => new Keyv({ store: new ObjectStoreAdapter({ store: createMemoryStore() }) }) });
