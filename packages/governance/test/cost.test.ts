import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryStore, parseStorageConfig } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { type BudgetAlert, DEFAULT_PRICING, analyzeCosts, parseBudgets, withBudget } from '../src/index';

const GB = 1024 ** 3;

describe('analyzeCosts', () => {
  it('sums usage per provider, class and collection, priced from the table', async () => {
    const store = createMemoryStore();
    await store.put('users/a.json', 'x'.repeat(1000));
    await store.put('users/b.json', 'x'.repeat(500));
    await store.put('top.txt', 'x'.repeat(24));
    const analysis = await analyzeCosts({
      stores: { main: store },
      usage: [
        { provider: 's3', storageClass: 'STANDARD', collection: 'logs', bytes: 100 * GB, objects: 10 },
        { provider: 's3', storageClass: 'GLACIER_IR', collection: 'logs', bytes: 1000 * GB, objects: 5 },
      ],
      pricing: { memory: { default: 1 }, s3: { GLACIER_IR: 0.005 } },
    });
    expect(analysis.byCollection['main:users']).toEqual({ objects: 2, bytes: 1500, monthlyCost: 1500 / GB });
    expect(analysis.byCollection['main:(root)']!.bytes).toBe(24);
    expect(analysis.byStorageClass['s3:STANDARD']!.monthlyCost).toBeCloseTo(100 * DEFAULT_PRICING.s3!.STANDARD!, 9);
    expect(analysis.byStorageClass['s3:GLACIER_IR']!.monthlyCost).toBeCloseTo(5, 9);
    expect(analysis.byProvider.s3!.objects).toBe(15);
    expect(analysis.total.bytes).toBe(1524 + 1100 * GB);
    expect(analysis.pricingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('evaluates the guide budgets and notifies each threshold reached', async () => {
    const config = parseStorageConfig(await readFile(join(import.meta.dirname, 'fixtures', 'guide-cost-control.yaml'), 'utf8'));
    const costControl = config.cost_control as { budgets: unknown };
    expect(parseBudgets(costControl.budgets)[0]).toMatchObject({ name: 'monthly_storage_budget', limit: 1000 });
    const alerts: BudgetAlert[] = [];
    const analysis = await analyzeCosts({
      usage: [{ provider: 's3', storageClass: 'STANDARD', bytes: (920 / 0.023) * GB }],
      costControl,
      onBudgetAlert: (_status, alert) => alerts.push(alert),
    });
    expect(analysis.budgets[0]!.percent).toBeCloseTo(92, 6);
    expect(alerts.map((a) => a.threshold)).toEqual([75, 90]);
    expect(analysis.budgets[0]!.restrictions).toEqual(['disable_new_uploads']);
  });

  it('keeps one line per collection, not per object, over 20,000 keys', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 20_000; i++) await store.put(`c${i % 4}/k${i}`, 'x');
    const analysis = await analyzeCosts({ stores: { s: store } });
    expect(Object.keys(analysis.byCollection)).toHaveLength(4);
    expect(analysis.total.objects).toBe(20_000);
  });
});

describe('withBudget', () => {
  const budget = parseBudgets([
    { name: 'monthly', limit: 100, alerts: [{ threshold: 75, action: 'notify' }, { threshold: 90, action: 'alert_and_restrict', restrictions: ['disable_new_uploads'] }, { threshold: 100, action: 'enforce_limits', restrictions: ['block_all_writes'] }] },
  ])[0]!;

  it('refuses new uploads at 90% and every write at 100%, with a clear error, and notifies once', async () => {
    const inner = createMemoryStore();
    await inner.put('existing.txt', 'a');
    let spent = 50;
    const notified: number[] = [];
    const store = withBudget(inner, { budget, spent: () => spent, refreshMs: 0, onAlert: (_s, alert) => notified.push(alert.threshold) });
    await store.put('new1.txt', 'ok');
    spent = 95;
    await store.put('existing.txt', 'update allowed');
    await expect(store.put('new2.txt', 'no')).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/Budget monthly is at 95% of 100 USD, so new uploads are refused/) });
    spent = 120;
    await expect(store.put('existing.txt', 'no')).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/all writes/) });
    expect(await store.delete('new1.txt')).toBe(true);
    expect((await store.get('existing.txt')).body).toEqual(new TextEncoder().encode('update allowed'));
    await store.put('x.txt', 'y').catch(() => undefined);
    expect(notified).toEqual([75, 90, 100]);
    expect(await inner.head('new2.txt')).toBeUndefined();
  });
});
