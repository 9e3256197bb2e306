import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

/** RFC 4180 quoting, BOM, line endings, empty cells, the typing rule, delimiter and encoding. */
export function valueSection(f: SuiteContext): void {
  describe('values', () => {
    it('round-trips delimiters, quotes, line breaks and surrounding spaces inside cells', async () => {
      const c = f.name('tricky');
      const row = { id: 1, text: 'a, "quoted"\r\nand\nmore', pad: '  spaced  ', unicode: 'naïve – 数据 🎉' };
      await f.csv().write(c, [row]);
      expect(await f.text(c)).toBe('id,text,pad,unicode\n1,"a, ""quoted""\r\nand\nmore",  spaced  ,naïve – 数据 🎉\n');
      expect(await f.service({}).read(c, 1)).toEqual(row);
    });

    it('reads CRLF files and files with a BOM, and keeps both when rewriting', async () => {
      const c = f.name('excel');
      await f.put(c, '\uFEFFid,name\r\n1,Ada\r\n');
      expect(await f.csv().read(c, 1)).toEqual({ id: 1, name: 'Ada' });
      await f.csv().write(c, { name: 'Ada L.' }, 1, { mode: 'update' });
      const bytes = await f.bytes(c);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(await f.text(c)).toBe('id,name\r\n1,Ada L.\r\n');
    });

    it('reads empty cells as null, skips blank lines, and writes null and undefined as empty cells', async () => {
      const c = f.name('gaps');
      await f.put(c, 'id,a,b\n1,,x\n\n2,"",\n');
      expect(await f.csv().read(c, undefined, { format: 'records' })).toEqual([
        { id: 1, a: null, b: 'x' },
        { id: 2, a: null, b: null },
      ]);
      const w = f.name('nulls');
      await f.csv().write(w, [{ id: 1, a: null, b: undefined, c: '' }]);
      expect(await f.text(w)).toBe('id,a,b,c\n1,,,\n');
    });

    it('keeps null rows of a one-column table', async () => {
      const c = f.name('single');
      await f.csv().write(c, [{ v: 'x' }, { v: null }, { v: 2 }]);
      expect(await f.csv().read(c, undefined, { format: 'records' })).toEqual([{ v: 'x' }, { v: null }, { v: 2 }]);
    });

    it("types numbers and booleans only when their text round-trips exactly, or in pandas' spelling", async () => {
      const c = f.name('types');
      const cells = ['42', '-3.5', '0', '1e+21', 'true', 'false', '007', '1.50', '1e3', ' 42', '+1', 'NaN', 'Infinity', 'TRUE', '12345678901234567890', '0x10', '-0'];
      const pandas = ['True', 'False', '2.0', '-5.0', '007.0', '-0.0', '2.50', '1e3.0'];
      await f.put(c, `k,v\n${[...cells, ...pandas].map((v, i) => `${i},${v}`).join('\n')}\n`);
      const values = (await f.csv().read(c, undefined, { format: 'records' }))!.map((r) => r.v);
      expect(values).toEqual([42, -3.5, 0, 1e21, true, false, '007', '1.50', '1e3', ' 42', '+1', null, 'Infinity', 'TRUE', '12345678901234567890', '0x10', '-0', true, false, 2, -5, '007.0', '-0.0', '2.50', '1e3.0']);
    });

    it('gives back what was written: numbers, booleans, null, text and dates as ISO text', async () => {
      const c = f.name('roundtrip');
      const at = new Date('2024-05-06T07:08:09.000Z');
      await f.csv().write(c, [{ id: 1, n: 1.25, big: 2 ** 53, neg: -7, yes: true, no: false, none: null, text: 'hello', when: at, huge: 12345678901234567890n }]);
      expect(await f.csv().read(c, 1)).toEqual({ id: 1, n: 1.25, big: 2 ** 53, neg: -7, yes: true, no: false, none: null, text: 'hello', when: at.toISOString(), huge: '12345678901234567890' });
      expect(await f.service({}).read(c, 1)).toEqual(await f.csv().read(c, 1));
    });

    it('returns every non-empty cell as text with inferTypes: false', async () => {
      const c = f.name('text');
      await f.put(c, 'id,v\n1,42\n2,true\n3,\n');
      const text = f.service({ inferTypes: false });
      expect(await text.read(c, undefined, { format: 'records' })).toEqual([
        { id: '1', v: '42' },
        { id: '2', v: 'true' },
        { id: '3', v: null },
      ]);
      expect(await text.read(c, 2)).toEqual({ id: '2', v: 'true' });
    });

    it('reads and writes another delimiter and encoding', async () => {
      const c = f.name('latin');
      await f.put(c, Buffer.from('id;name;note\n1;José;"a;b"\n', 'latin1'));
      const latin = f.service({ delimiter: ';', encoding: 'latin1' });
      expect(await latin.read(c, 1)).toEqual({ id: 1, name: 'José', note: 'a;b' });
      await latin.write(c, { name: 'Zoë' }, 2, { mode: 'update' });
      expect(Buffer.from(await f.bytes(c)).toString('latin1')).toBe('id;name;note\n1;José;"a;b"\n2;Zoë;\n');
      const wide = f.name('utf16');
      const utf16 = f.service({ encoding: 'utf16le', bom: true, lineEnding: '\r\n' });
      await utf16.write(wide, [{ id: 1, city: 'Zürich' }]);
      const bytes = Buffer.from(await f.bytes(wide));
      expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
      expect(bytes.subarray(2).toString('utf16le')).toBe('id,city\r\n1,Zürich\r\n');
      expect(await utf16.read(wide, 1)).toEqual({ id: 1, city: 'Zürich' });
    });
  });
}
