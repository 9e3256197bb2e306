import { type StorageConfig, WriteMode } from '@agentmap/storage-core';
import { createStack } from './stack';

/** Runs the tour, reporting each step through `say`; returns what a test can check. */
export async function runDemo(config: StorageConfig, say: (line: string) => void) {
  const stack = createStack(config);
  const step = (title: string) => say(`\n== ${title}`);
  try {
    step('JSON documents (users.json, keyed by id)');
    await stack.json.write('users', { name: 'Ada', age: 36, preferences: { theme: 'dark' } }, 'ada');
    await stack.json.write('users', { name: 'Linus', age: 29 }, 'linus');
    await stack.json.write('users', 'ada@example.com', 'ada', { mode: WriteMode.UPDATE, path: 'email' });
    say(`read ada.preferences.theme -> ${JSON.stringify(await stack.json.read('users', 'ada', { path: 'preferences.theme' }))}`);
    say(`query age >= 30 -> ${JSON.stringify(await stack.json.read('users', undefined, { query: { age: { $gte: 30 } }, format: 'records' }))}`);

    step('50 concurrent updates of distinct documents (conditional writes + retry)');
    await Promise.all(Array.from({ length: 50 }, (_, i) => stack.json.write('counters', { n: i }, `c${i}`)));
    say(`documents in counters.json -> ${await stack.json.count('counters')}`);

    step('CSV table (products.csv, id detected as "sku" via idField)');
    await stack.csv.write('products', [
      { sku: 'WIDGET001', name: 'Widget', price: 9.5, stock: 12 },
      { sku: 'GADGET002', name: 'Gadget', price: 24, stock: 0 },
      { sku: 'DOOHICKEY3', name: 'Doohickey', price: 3.25, stock: 140 },
    ]);
    await stack.csv.write('products', { stock: 11 }, 'WIDGET001', { mode: 'update', idField: 'sku' });
    say(`read WIDGET001 -> ${JSON.stringify(await stack.csv.read('products', 'WIDGET001', { idField: 'sku' }))}`);
    say(`in stock, cheapest first -> ${JSON.stringify(await stack.csv.read('products', undefined, { format: 'records', query: { stock: { $gt: 0 }, sort: 'price' } }))}`);

    step('Files and chunked documents (notes/)');
    const text = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}: agents keep their notes here, and storage keeps them safe.`).join('\n\n');
    await stack.files.write('notes', text, 'guide.md');
    await stack.files.write('notes', 'An appended line.', 'guide.md', { mode: 'append' });
    const chunks = (await stack.files.read('notes', 'guide.md', { shouldSplit: true, chunkSize: 200, chunkOverlap: 20 })) as Array<{ pageContent: string; metadata: Record<string, unknown> }>;
    say(`guide.md split into ${chunks.length} chunks; first: ${JSON.stringify(chunks[0]?.pageContent.slice(0, 60))}…`);
    say(`listing notes/ -> ${JSON.stringify(await stack.files.read('notes'))}`);

    step('What the layers measured');
    const snapshots = stack.metered.map((m) => m.metrics.snapshot());
    // One router serves the three services, so one store (the demo directory) carries all their calls.
    for (const snapshot of snapshots) for (const line of summarise(snapshot)) say(line);
    say('(PRECONDITION_FAILED counts are writers that lost a race, re-read and retried: none of their updates is lost)');
    return { chunks: chunks.length, counters: await stack.json.count('counters'), snapshots };
  } finally {
    await stack.close();
  }
}

interface OperationFigures {
  count: number;
  errorCount: number;
  errors: Record<string, number>;
  durationMs: { p50: number };
}

/** One line per operation: how many, which failures (retried conflicts show here), median time. */
function summarise(snapshot: unknown): string[] {
  const providers = (snapshot as { providers?: Record<string, Record<string, OperationFigures>> }).providers ?? {};
  const lines: string[] = [];
  for (const [provider, operations] of Object.entries(providers)) {
    for (const [op, m] of Object.entries(operations)) {
      const errors = Object.entries(m.errors).map(([code, n]) => `${code}×${n}`).join(' ');
      lines.push(`${provider}.${op}: ${m.count} calls, p50 ${m.durationMs.p50.toFixed(2)} ms${errors ? `, ${errors}` : ''}`);
    }
  }
  return lines;
}
