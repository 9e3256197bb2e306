import { createMemoryStore } from '@agentmap/storage-core';
import { describeCsvStorageSuite } from '@agentmap/storage-csv/testing';

describeCsvStorageSuite('memory', () => createMemoryStore());
