import { createMemoryStore } from '@agentmap/storage-core';
import { describeFileStorageSuite } from '../src/testing';

describeFileStorageSuite('memory', () => createMemoryStore({ name: 'file-suite' }));
