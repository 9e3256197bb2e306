import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeObjectStore } from '@agentmap/storage-testkit';
import { createLocalStore } from '../../src/index';

const baseDir = mkdtempSync(join(tmpdir(), 'agentmap-local-conformance-'));

describeObjectStore('local', () => createLocalStore({ baseDir }), {
  teardown: () => rmSync(baseDir, { recursive: true, force: true }),
});
