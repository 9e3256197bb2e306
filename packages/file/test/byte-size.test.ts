import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../src';

describe('parseByteSize', () => {
  it('reads numbers as bytes and sizes in binary units, any case', () => {
    expect(parseByteSize(1234)).toBe(1234);
    expect(parseByteSize('50MB')).toBe(50 * 1024 * 1024);
    expect(parseByteSize('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('512kb')).toBe(512 * 1024);
    expect(parseByteSize(' 10 ')).toBe(10);
    expect(parseByteSize('0')).toBe(0);
  });

  it.each([['-1'], ['ten MB'], ['5 parsecs'], [''], ['1e3']])('refuses %j with INVALID_ARGUMENT naming the option', (value) => {
    expect(() => parseByteSize(value)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('maxFileSize') }));
  });

  it('refuses negative and non-finite numbers', () => {
    expect(() => parseByteSize(-1)).toThrow(/maxFileSize/);
    expect(() => parseByteSize(Number.POSITIVE_INFINITY)).toThrow(/maxFileSize/);
    expect(() => parseByteSize({} as never)).toThrow(/maxFileSize/);
  });
});
