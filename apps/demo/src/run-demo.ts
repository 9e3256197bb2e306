import { type StorageConfig, WriteMode } from '@agentmap/storage-core';
import { verifyAuditLog } from '@agentmap/storage-governance';
import { brief, runFlows, seed } from './flows';
import { type Stack, createStack } from './stack';

/** Runs the tour, reporting each step through `say`; returns what a test can check. */
export async function runDemo(config: StorageConfig, say: (line: string) => void) {
  const stack = await createStack(config);
  let closed = false;
  try {
    const tour = await servicesTour(stack, say);
    await seed(stack);
    const flows = await runFlows(stack, say);

    say('\n== Final answers');
    for (const flow of flows) say(`${flow.name.padEnd(22)} ${brief(flow.answer, 100)}`);

    say('\n== What the layers measured');
    const snapshots = stack.metered.map(({ label, store }) => ({ label, snapshot: store.metrics.snapshot() }));
    for (const { label, snapshot } of snapshots) for (const line of summarise(snapshot)) say(`${label.padEnd(26)} ${line}`);
    say('(PRECONDITION_FAILED counts are writers that lost a race, re-read and retried: none of their updates is lost)');
    const routing = stack.routing.analytics();
    say(`routing cache: ${routing.hits} hit(s), ${routing.misses} miss(es), ${routing.llmCallsAvoided} router call(s) avoided`);

    await stack.close();
    closed = true;
    const audit = await verifyAuditLog(stack.auditStore);
    say(`audit log: ${audit.entries} events, hash chain ${audit.valid ? 'verified' : `BROKEN (${audit.problems.length} problems)`}`);
    return { ...tour, flows, snapshots, audit };
  } finally {
    if (!closed) await stack.close();
  }
}

/** The services on their own: JSON documents, concurrent updates, a CSV table, files and chunks. */
async function servicesTour(stack: Stack, say: (line: string) => void) {
  const step = (title: string) => say(`\n== ${title}`);
  step('JSON documents (users.json, keyed by id)');
  await stack.json.write('users', { name: 'Ada', age: 36, preferences: { theme: 'dark' } }, 'ada');
  await stack.json.write('users', { name: 'Linus', age: 29 }, 'linus');
  await stack.json.write('users', 'ada@example.com', 'ada', { mode: WriteMode.UPDATE, path: 'email' });
  say(`read ada.preferences.theme -> ${JSON.stringify(await stack.json.read('users', 'ada', { path: 'preferences.theme' }))}`);
  say(`query age >= 30 -> ${JSON.stringify(await stack.json.read('users', undefined, { query: { age: { $gte: 30 } }, format: 'records' }))}`);

  step('50 concurrent updates of distinct documents (conditional writes + retry)');
  await Promise.all(Array.from({ length: 50 }, (_, i) => stack.json.write('counters', { n: i }, `c${i}`)));
  const counters = await stack.json.count('counters');
  say(`documents in counters.json -> ${counters}`);

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
  const chunks = (await stack.files.read('notes', 'guide.md', { shouldSplit: true, chunkSize: 200, chunkOverlap: 20 })) as Array<{ pageContent: string }>;
  say(`guide.md split into ${chunks.length} chunks; first: ${JSON.stringify(chunks[0]?.pageContent.slice(0, 60))}…`);
  say(`listing notes/ -> ${JSON.stringify(await stack.files.read('notes'))}`);
  return { chunks: chunks.length, counters };
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
  for (const operations of Object.values(providers)) {
    for (const [op, m] of Object.entries(operations)) {
      const errors = Object.entries(m.errors).map(([code, n]) => `${code}×${n}`).join(' ');
      lines.push(`${op.padEnd(9)} ${String(m.count).padStart(3)} calls, p50 ${m.durationMs.p50.toFixed(2)} ms${errors ? `, ${errors}` : ''}`);
    }
  }
  return lines;
}
