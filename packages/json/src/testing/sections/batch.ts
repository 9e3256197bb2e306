import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

/** batchWrite keeps every item and reports per-item failures. */
export function batchSection(ctx: SuiteContext): void {
  describe('batch write', () => {
    it('keeps every item, keyed by id, id field or a generated id', async () => {
      const users = ctx.name('users');
      const result = await ctx.json.batchWrite(users, [
        { data: { name: 'A' }, documentId: 'u1' },
        { data: { id: 'u2', name: 'B' } },
        { data: { name: 'C' } },
        { data: { age: 4 }, documentId: 'u1', mode: 'update' },
      ]);
      expect(result).toMatchObject({ success: true, operation: 'batch_write', rowsWritten: 4, data: { failures: [] } });
      expect(await ctx.json.count(users)).toBe(3);
      expect(await ctx.json.read(users, 'u1')).toEqual({ name: 'A', age: 4 });
      expect(await ctx.json.read(users, 'u2')).toEqual({ id: 'u2', name: 'B' });
    });

    it('reports the items that failed and writes the others', async () => {
      const users = ctx.name('users');
      const result = await ctx.json.batchWrite(users, [
        { data: { name: 'A' }, documentId: 'u1' },
        { data: { x: 1 }, documentId: 'ghost', mode: 'update' },
        { data: { f: () => 1 }, documentId: 'u3' },
        { data: { name: 'D' }, documentId: 'u4' },
      ]);
      expect(result.success).toBe(false);
      expect(result.rowsWritten).toBe(2);
      expect(result.data!.failures.map((f) => [f.index, f.documentId, f.error.code])).toEqual([
        [1, 'ghost', 'NOT_FOUND'],
        [2, 'u3', 'INVALID_ARGUMENT'],
      ]);
      expect(result.error?.message).toMatch(/2 of 4 items failed/);
      expect(Object.keys((await ctx.json.read(users)) as object).sort()).toEqual(['u1', 'u4']);
    });
  });
}
