// The guide's CloudFlow, VectorFlow and DataPipeline on embedded defaults: cloud URIs mapped to
// local directories by storage.yaml, the hashing embedder, the local vector index, an in-memory
// cache and an audit log. No cloud account, no server, no network.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStorageConfig } from '@agentmap/storage-core';
import { runDemo } from './run-demo';

const configPath = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'storage.yaml');
process.env.AGENTMAP_DEMO_DIR ??= join(process.cwd(), '.agentmap-demo');
await rm(process.env.AGENTMAP_DEMO_DIR, { recursive: true, force: true });

const started = performance.now();
const config = await loadStorageConfig(configPath);
console.log(`config: ${configPath}`);
await runDemo(config, (line) => console.log(line));
console.log(`\nfiles are in ${process.env.AGENTMAP_DEMO_DIR} (finished in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
