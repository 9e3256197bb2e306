import { describeObjectStore } from '@agentmap/storage-testkit';
import { createKvStore } from '../src/index';

describeObjectStore('kv (example plugin)', () => createKvStore({ namespace: `conformance-${process.pid}`, maxObjectSize: 128 * 1024 * 1024 }));
