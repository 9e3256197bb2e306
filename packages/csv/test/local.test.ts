import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore } from '@agentmap/storage-core';
import { describeCsvStorageSuite } from '@agentmap/storage-csv/testing';

const baseDir = mkdtempSync(join(tmpdir(), 'agentmap-csv-local-'));

describeCsvStorageSuite('local', () => createLocalStore({ baseDir }), { teardown: () => rmSync(baseDir, { recursive: true, force: true }) });
