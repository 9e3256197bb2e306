import { describeObjectStore } from '@agentmap/storage-testkit';
import { createMemoryStore } from '../src/index';

describeObjectStore('memory', () => createMemoryStore({ name: 'conformance' }));
