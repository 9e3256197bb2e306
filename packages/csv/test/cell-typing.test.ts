// inferCell settles most cells in one pass over their characters; it must type every cell
// exactly as the rule it implements: a number when the number prints back as the text (or
// as the text less pandas' `.0`), else the text.
import { inferCell } from '@agentmap/storage-csv';
import { describe, expect, it } from 'vitest';

/** The rule, the slow way: convert, print, compare. */
function byTheRule(text: string): unknown {
  if (text === '' || text === 'NaN') return null;
  if (text === 'true' || text === 'True') return true;
  if (text === 'false' || text === 'False') return false;
  const first = text.charCodeAt(0);
  if (!((first >= 48 && first <= 57) || first === 45 || first === 46)) return text;
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const printed = String(n);
  if (printed === text) return n;
  return text === `${printed}.0` && Number.isSafeInteger(n) ? n : text;
}

describe('cell typing', () => {
  it('agrees with convert-print-compare on edge cases', () => {
    const cases = [
      '0', '-0', '00', '007', '7', '-7', '42', '-42', '123456789012345', '1234567890123456', '12345678901234567', '999999999999999',
      '0.5', '-0.5', '.5', '-.5', '5.', '1.5', '1.50', '2.0', '-2.0', '-0.0', '007.0', '0.0', '3.25', '1.2.3', '1-2', '1e5', '1e+21', '1E5',
      '0.000001', '0.0000001', '-0.000001', '0.0000010', '0.00001', '0.30000000000000004', '0.1', '0.12345678901234', '1234567.8901234',
      '123456789012345.6', '-', '.', '-.', '--1', '+1', '1 ', '0x1F', '0b11', '2024-01-02', '2024-01-02T10:00:00Z', '12:30', '1,5', '5e', '-e5',
    ];
    for (const text of cases) expect(inferCell(text), JSON.stringify(text)).toEqual(byTheRule(text));
  });

  it('agrees with convert-print-compare on generated numbers and near-numbers', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '0123456789000.-+eE';
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      texts.push(Array.from({ length: 1 + Math.floor(random() * 18) }, () => alphabet[Math.floor(random() * alphabet.length)]!).join(''));
      const x = (random() - 0.5) * 10 ** Math.floor(random() * 30 - 12);
      texts.push(String(x), x.toFixed(Math.floor(random() * 8)), String(Math.round(x)), x.toPrecision(1 + Math.floor(random() * 16)));
    }
    for (const text of texts) expect(inferCell(text), JSON.stringify(text)).toEqual(byTheRule(text));
  });
});
