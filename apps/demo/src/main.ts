// A tour of the stack on embedded defaults: config + router + local backend + layers, and the
// JSON, CSV and file services on top. No cloud account, no server.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStorageConfig, redactConfig } from '@agentmap/storage-core';
import { runDemo } from './run-demo';

const configPath = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'storage.yaml');
process.env.AGENTMAP_DEMO_DIR ??= join(process.cwd(), '.agentmap-demo');
await rm(process.env.AGENTMAP_DEMO_DIR, { recursive: true, force: true });

const config = await loadStorageConfig(configPath);
console.log(`config: ${configPath}`);
console.log(JSON.stringify(redactConfig(config.json ?? {}), null, 2));
await runDemo(config, (line) => console.log(line));
console.log(`\nfiles are in ${process.env.AGENTMAP_DEMO_DIR}`);
