import { isStorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { parseContext, parsePythonLiteral } from '../src';

const at = { graph: 'VectorFlow', node: 'SearchSimilar' };

describe('context strings', () => {
  it('reads the Python dict literals the guide writes', () => {
    expect(parseContext("{'collection': 'users', 'limit': 5}", at)).toEqual({ collection: 'users', limit: 5 });
    expect(parseContext("{'validate': True, 'backup': False, 'key': None, 'ratio': 0.7, 'n': -3, 'big': 1_000}", at)).toEqual({
      validate: true,
      backup: false,
      key: null,
      ratio: 0.7,
      n: -3,
      big: 1000,
    });
  });

  it('accepts JSON, and JSON constants inside Python literals', () => {
    expect(parseContext('{"collection": "users", "should_split": true}', at)).toEqual({ collection: 'users', should_split: true });
    expect(parseContext("{'should_split': true, 'x': null}", at)).toEqual({ should_split: true, x: null });
  });

  it('reads nested dicts, lists, tuples, escapes and trailing commas', () => {
    expect(parsePythonLiteral("{'q': {'tags': ['a', \"b\"], 'pair': (1, 2),}, 'esc': 'it\\'s\\n', 'u': '\\u00e9'}")).toEqual({
      q: { tags: ['a', 'b'], pair: [1, 2] },
      esc: "it's\n",
      u: 'é',
    });
  });

  it('keeps plain text as a description and an empty cell as nothing', () => {
    expect(parseContext('Read from Azure', at)).toEqual({ description: 'Read from Azure' });
    expect(parseContext('  ', at)).toEqual({});
    expect(parseContext(undefined, at)).toEqual({});
  });

  it.each([
    ["{'collection': users}", 'unknown name users'],
    ["{'collection': 'users'", 'expected "," or "}"'],
    ["{'a': __import__('os')}", 'unknown name __import__'],
    ["{'a': 1} trailing", 'unexpected text after the value'],
    ["{'a': 'open", 'unterminated string'],
    ['{[1]: 2}', 'a dict key must be a string or a number'],
  ])('refuses %s with an error naming the graph and node', (text, why) => {
    try {
      parseContext(text, at);
      expect.unreachable();
    } catch (error) {
      expect(isStorageError(error) && error.code).toBe('INVALID_ARGUMENT');
      expect((error as Error).message).toContain('Graph "VectorFlow", node "SearchSimilar"');
      expect((error as Error).message).toContain(why);
      expect((error as Error).message).toContain("{'collection': 'users', 'limit': 5}");
    }
  });

  it('refuses hostile nesting without overflowing the stack', () => {
    expect(() => parseContext(`{'a': ${'['.repeat(10_000)}`, at)).toThrow(/nesting deeper than 64/);
  });

  it('cannot pollute prototypes', () => {
    const parsed = parsePythonLiteral("{'__proto__': {'polluted': True}}") as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
  });
});
