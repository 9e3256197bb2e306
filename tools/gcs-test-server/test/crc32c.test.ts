import { describe, expect, it } from 'vitest';
import { crc32cBase64, crc32cUpdate } from '../src/index';

describe('crc32c', () => {
  it('matches the check value of CRC-32C ("123456789" -> 0xE3069283)', () => {
    expect(crc32cUpdate(0, Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32cBase64(Buffer.from('123456789'))).toBe(Buffer.from([0xe3, 0x06, 0x92, 0x83]).toString('base64'));
  });

  it('matches RFC 3720 vectors (32 bytes of zeros, of 0xff, ascending)', () => {
    expect(crc32cUpdate(0, Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32cUpdate(0, Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32cUpdate(0, Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
  });

  it('is the same computed at once or in pieces of any length', () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
    const whole = crc32cUpdate(0, data);
    let crc = 0;
    for (const cut of [0, 3, 11, 64, 513, 999, 1000].reduce<[number, number][]>((acc, end, i, all) => (i === 0 ? acc : [...acc, [all[i - 1]!, end]]), [])) {
      crc = crc32cUpdate(crc, data.subarray(cut[0], cut[1]));
    }
    expect(crc).toBe(whole);
    expect(crc32cBase64(new Uint8Array(0))).toBe('AAAAAA==');
  });
});
