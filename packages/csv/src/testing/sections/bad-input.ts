import { describe, expect, it } from 'vitest';
import { type SuiteContext, refusedAndUntouched, rejectsWith } from '../context';

/** Malformed files and invalid data: a clear StorageError naming row and column, nothing stored changed. */
export function badInputSection(f: SuiteContext): void {
  describe('bad input', () => {
    it('names the line, row and column of a ragged row, and refuses to write over it', async () => {
      const c = f.name('ragged');
      await f.put(c, 'id,name,age\n1,Ada,36\n2,Bob\n');
      const error = await rejectsWith(f.csv().read(c), 'CORRUPT_DATA');
      expect(error.message).toMatch(/line 3 \(row 2\) has 2 fields but the header has 3/);
      expect(error.details).toMatchObject({ line: 3, row: 2, column: 'age' });
      await refusedAndUntouched(f, c, () => f.csv().write(c, { name: 'x' }, 1, { mode: 'update' }), 'CORRUPT_DATA');
      await refusedAndUntouched(f, c, () => f.csv().write(c, { id: 3 }, undefined, { mode: 'append' }), 'CORRUPT_DATA');
      await refusedAndUntouched(f, c, () => f.csv().delete(c, 1), 'CORRUPT_DATA');
    });

    it('names a row with too many fields', async () => {
      const c = f.name('wide');
      await f.put(c, 'id,name\n1,Ada,extra\n');
      const error = await rejectsWith(f.csv().read(c, 1), 'CORRUPT_DATA');
      expect(error.message).toMatch(/row 1\) has 3 fields but the header has 2/);
    });

    it('names the row and column of an unterminated quote and of stray quotes', async () => {
      const open = f.name('open');
      await f.put(open, 'id,note\n1,fine\n2,"never closed\n3,x\n');
      const error = await rejectsWith(f.csv().read(open), 'CORRUPT_DATA');
      expect(error.message).toMatch(/row 2, column "note", is never closed/);
      const stray = f.name('stray');
      await f.put(stray, 'id,note\n1,"closed"then more\n');
      expect((await rejectsWith(f.csv().read(stray), 'CORRUPT_DATA')).message).toMatch(/row 1\), column "note"/);
    });

    it('refuses duplicate header names', async () => {
      const c = f.name('dupe');
      await f.put(c, 'id,name,Name,name\n1,a,b,c\n');
      const error = await rejectsWith(f.csv().read(c), 'CORRUPT_DATA');
      expect(error.message).toMatch(/column "name" twice .*columns 2 and 4/);
      expect(error.details).toMatchObject({ column: 'name' });
    });

    it('can replace a corrupt file with a whole-collection write', async () => {
      const c = f.name('fixme');
      await f.put(c, 'a,b\n1\n');
      expect(await f.csv().write(c, [{ a: 1, b: 2 }])).toMatchObject({ success: true });
      expect(await f.csv().read(c, undefined, { format: 'records' })).toEqual([{ a: 1, b: 2 }]);
    });

    it('refuses a read by id when there is no id column, naming the columns', async () => {
      const c = f.name('plain');
      await f.put(c, 'name,city\nAda,Paris\n');
      const error = await rejectsWith(f.csv().read(c, 'Ada'), 'INVALID_ARGUMENT');
      expect(error.message).toMatch(/"name", "city"/);
      await refusedAndUntouched(f, c, () => f.csv().delete(c, 'Ada'), 'INVALID_ARGUMENT');
      await refusedAndUntouched(f, c, () => f.csv().write(c, { city: 'Rome' }, 'Ada'), 'INVALID_ARGUMENT');
    });

    it('refuses data that is not a row or a list of rows, naming the row and column, before storing anything', async () => {
      const c = f.name('guarded');
      await f.put(c, 'id,name\n1,Ada\n');
      const cases: unknown[] = ['text', 42, null, undefined, [1, 2], [{ id: 2 }, 'x'], [[1, 2]], new Map([['id', 1]]), {}];
      for (const data of cases) await refusedAndUntouched(f, c, () => f.csv().write(c, data as never, undefined, { mode: 'append' }), 'INVALID_ARGUMENT');
      const nested = await refusedAndUntouched(f, c, () => f.csv().write(c, [{ id: 2 }, { id: 3, tags: ['a'] }]), 'INVALID_ARGUMENT');
      expect(nested.details).toEqual({ row: 1, column: 'tags' });
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, { deep: 1 }, () => 1, Symbol('s'), new Date('nope')]) {
        await refusedAndUntouched(f, c, () => f.csv().write(c, { id: 5, v: bad }, undefined, { mode: 'append' }), 'INVALID_ARGUMENT');
      }
      expect(await f.csv().read(c, undefined, { format: 'records' })).toEqual([{ id: 1, name: 'Ada' }]);
    });

    it('refuses unsafe collection names and bad options before any I/O', async () => {
      await rejectsWith(f.csv().read('../escape'), 'INVALID_ARGUMENT');
      await rejectsWith(f.csv().write('a//b', { id: 1 }), 'INVALID_ARGUMENT');
      expect(() => f.service({ delimiter: '"' })).toThrow(/delimiter/);
      expect(() => f.service({ encoding: 'ebcdic' as never })).toThrow(/encoding/);
      expect(() => f.service({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    });
  });
}
