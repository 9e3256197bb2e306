import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStorageConfig } from '@agentmap/storage-core';
import { afterAll, expect, it } from 'vitest';
import { runDemo } from '../src/run-demo';

const dir = mkdtempSync(join(tmpdir(), 'agentmap-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs the whole tour on a fresh directory and loses none of the concurrent updates', { timeout: 60_000 }, async () => {
  const local = { default_provider: 'local', providers: { local: { base_dir: dir } } };
  const config = parseStorageConfig({ storage: { json: local, csv: local, file: local } });
  const lines: string[] = [];
  const result = await runDemo(config, (l) => lines.push(l));
  expect(result.counters).toBe(50);
  expect(result.chunks).toBeGreaterThan(1);
  expect(lines.join('\n')).toContain('read ada.preferences.theme -> "dark"');
  expect(lines.join('\n')).toContain('"stock":11');
});
