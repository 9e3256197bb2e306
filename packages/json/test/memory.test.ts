import { createMemoryStore } from '@agentmap/storage-core';
import { describeJsonStorageSuite } from '@agentmap/storage-json/testing';

describeJsonStorageSuite('memory', () => createMemoryStore({ name: 'json-suite' }));
