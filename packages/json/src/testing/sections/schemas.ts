import { describe, expect, it } from 'vitest';
import type { SchemaLike } from '../../index';
import type { SuiteContext } from '../context';

interface User {
  name: string;
  age?: number;
}

/** A hand-written schema with zod's safeParse contract, so the suite needs no zod. */
const userSchema: SchemaLike<User> = {
  safeParse(data: unknown) {
    const issues: Array<{ path: string[]; message: string }> = [];
    const doc = data as Record<string, unknown> | null;
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { success: false, error: { issues: [{ path: [], message: 'expected an object' }] } };
    if (typeof doc.name !== 'string') issues.push({ path: ['name'], message: 'expected a string' });
    if (doc.age !== undefined && typeof doc.age !== 'number') issues.push({ path: ['age'], message: 'expected a number' });
    return issues.length ? { success: false, error: { issues } } : { success: true, data: doc as unknown as User };
  },
};

/** Per-collection schemas validate every document a write produces. */
export function schemaSection(ctx: SuiteContext): void {
  describe('schemas', () => {
    it('validates on write, update, path writes and appends, naming the failing field', async () => {
      const users = ctx.name('users');
      const json = ctx.create({ schemas: { [users]: userSchema } });
      expect((await json.write(users, { name: 'Ann', age: 3 }, 'u1')).success).toBe(true);
      const before = await ctx.snapshot(users);
      await expect(json.write(users, { name: 5 }, 'u2')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/"u2".*name: expected a string/) });
      await expect(json.write(users, { age: 'old' }, 'u1', { mode: 'update' })).rejects.toMatchObject({ message: expect.stringMatching(/age: expected a number/) });
      await expect(json.write(users, 'x', 'u1', { mode: 'update', path: 'age' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(json.delete(users, 'u1', { path: 'name' })).rejects.toMatchObject({ message: expect.stringMatching(/name: expected a string/) });
      await expect(json.write(users, [{ id: 'u9', age: 1 }], undefined, { mode: 'append' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(json.write(users, { u5: { name: 'ok' }, u6: { nope: true } })).rejects.toMatchObject({ message: expect.stringMatching(/"u6"/) });
      expect(await ctx.snapshot(users)).toEqual(before);
      expect(await json.read(users, 'u1')).toEqual({ name: 'Ann', age: 3 });
    });

    it('leaves collections without a schema alone', async () => {
      const users = ctx.name('users');
      const other = ctx.name('other');
      const json = ctx.create({ schemas: { [users]: userSchema } });
      expect((await json.write(other, { anything: true }, 'x')).success).toBe(true);
    });
  });
}
