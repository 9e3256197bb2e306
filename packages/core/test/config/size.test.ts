import { describe, expect, it } from 'vitest';
import { parseSize, tryParseSize } from '../../src/index';

describe('sizes', () => {
  it('parses byte counts and units in powers of 1024, any case', () => {
    expect(parseSize('100MB')).toBe(100 * 1024 ** 2);
    expect(parseSize('64 MiB')).toBe(64 * 1024 ** 2);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1.5gb')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('2TB')).toBe(2 * 1024 ** 4);
    expect(parseSize('10')).toBe(10);
    expect(parseSize(4096)).toBe(4096);
  });

  it('refuses anything else with INVALID_ARGUMENT naming the setting', () => {
    for (const bad of ['lots', '-1MB', '10 parsecs', '', 'MB', -3, Number.NaN, null]) expect(tryParseSize(bad), String(bad)).toBeUndefined();
    expect(() => parseSize('ten', 'max_file_size')).toThrow(/max_file_size must be a byte count or a size such as "100MB"/);
  });
});
