import { describe, expect, it } from 'vitest';
import { safeRelativePath } from '../src';
import { HOSTILE_NAMES } from '../src/testing';

describe('safeRelativePath', () => {
  it.each(HOSTILE_NAMES.map((n) => [n]))('refuses %j with INVALID_ARGUMENT', (name) => {
    expect(() => safeRelativePath(name, 'document id')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', provider: 'file' }));
  });

  it('normalises separators and drops "." and empty segments', () => {
    expect(safeRelativePath('a\\b\\c.txt', 'document id')).toBe('a/b/c.txt');
    expect(safeRelativePath('./a//b/./c.txt', 'document id')).toBe('a/b/c.txt');
    expect(safeRelativePath(42, 'document id')).toBe('42');
  });

  it('keeps names that only look odd', () => {
    for (const name of ['100%.txt', 'a%20b.txt', '%zz', '...', '..hidden', 'a..b/c..d.txt', 'ünï cødé.md']) {
      expect(safeRelativePath(name, 'document id')).toBe(name);
    }
  });

  it('refuses empty names and non-strings, naming what was wrong', () => {
    expect(() => safeRelativePath('', 'collection')).toThrow(/collection/);
    expect(() => safeRelativePath('./', 'collection')).toThrow(/must name a file or folder/);
    expect(() => safeRelativePath(null, 'document id')).toThrow(/must be a string; got null/);
    expect(() => safeRelativePath(Number.NaN, 'document id')).toThrow(/must be a string/);
  });

  it('shortens very long hostile names in messages', () => {
    const long = `${'a/'.repeat(200)}../x`;
    try {
      safeRelativePath(long, 'document id');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(300);
    }
  });
});
