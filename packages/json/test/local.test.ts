import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore } from '@agentmap/storage-core';
import { describeJsonStorageSuite } from '@agentmap/storage-json/testing';

const baseDir = mkdtempSync(join(tmpdir(), 'json-local-'));

describeJsonStorageSuite('local', () => createLocalStore({ baseDir }), {
  teardown: () => rmSync(baseDir, { recursive: true, force: true }),
});
