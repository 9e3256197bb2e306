import { createMemoryStore, withRetry } from '@agentmap/storage-core';
import { createCsvStorage } from '@agentmap/storage-csv';
import { withLostReplies } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';

// One put in five commits and then fails as if its reply was lost; withRetry replays it.
function lossyCsv() {
  const lossy = withLostReplies(createMemoryStore(), { rate: 0.2, seed: 9 });
  return { lossy, csv: createCsvStorage({ store: withRetry(lossy, { retries: 20, minDelayMs: 0, maxDelayMs: 1 }) }) };
}

describe('CSV writes exactly once when replies are lost after commit', () => {
  it('200 appends store exactly 200 rows', async () => {
    const { lossy, csv } = lossyCsv();
    for (let i = 0; i < 200; i++) expect((await csv.write('log', { n: i }, undefined, { mode: 'append' })).success).toBe(true);
    expect(lossy.lost).toBeGreaterThan(20);
    const rows = (await csv.read('log', undefined, { format: 'records' }))!;
    expect(rows.map((row) => Number(row.n))).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('100 upserts of new ids store each id once', async () => {
    const { lossy, csv } = lossyCsv();
    for (let i = 0; i < 100; i++) expect((await csv.write('users', { name: `u${i}` }, i + 1, { mode: 'update' })).success).toBe(true);
    expect(lossy.lost).toBeGreaterThan(10);
    const rows = (await csv.read('users', undefined, { format: 'records' }))!;
    expect(rows.map((row) => Number(row.id))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});
