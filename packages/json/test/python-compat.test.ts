import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryStore, textOf } from '@agentmap/storage-core';
import { createJsonStorage } from '@agentmap/storage-json';
import { describe, expect, it } from 'vitest';

// Files written by Python's json.dump(data, f, indent=2), as AgentMap writes its collections.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures/python', name), 'utf8');

describe('files shared with the Python AgentMap', () => {
  it('reads a collection written by Python and writes back byte-identical JSON', async () => {
    const store = createMemoryStore();
    const python = fixture('users.json');
    await store.put('users.json', python);
    const json = createJsonStorage({ store });
    const all = await json.read<Record<string, unknown>>('users');
    expect(await json.read('users', 'user456', { path: 'name' })).toBe('Jane');

    // Writing the same documents gives the very bytes Python wrote, so Python reads ours.
    const fresh = createMemoryStore();
    const ours = createJsonStorage({ store: fresh });
    for (const [id, document] of Object.entries(all!)) await ours.write('users', document, id);
    expect(textOf((await fresh.get('users.json')).body)).toBe(python);
  });

  it('finds documents with numeric ids by number or string', async () => {
    const store = createMemoryStore();
    await store.put('numbered.json', fixture('numbered.json'));
    const json = createJsonStorage({ store });
    expect(await json.read('numbered', 42)).toEqual({ name: 'Answer' });
    expect(await json.read('numbered', '7')).toEqual({ name: 'Seven' });
    expect(await json.read('numbered', 8)).toBeUndefined();
  });

  it('reads Python’s ASCII escapes of non-ASCII text, and writes UTF-8 Python reads as well', async () => {
    const store = createMemoryStore();
    await store.put('people.json', fixture('unicode.json'));
    const json = createJsonStorage({ store });
    expect(await json.read('people', 'u1')).toEqual({ name: 'José', city: 'København', mood: '😀' });
    await json.write('people', 'Zoë', 'u1', { mode: 'update', path: 'nickname' });
    const text = textOf((await store.get('people.json')).body);
    expect(text).toContain('"nickname": "Zoë"');
    expect(JSON.parse(text)).toEqual({ u1: { name: 'José', city: 'København', mood: '😀', nickname: 'Zoë' } });
  });

  it('reads and updates a list-shaped collection written by Python, keeping its shape', async () => {
    const store = createMemoryStore();
    await store.put('events.json', fixture('events.json'));
    const json = createJsonStorage({ store });
    expect(await json.read('events', 2)).toEqual({ id: 2, event: 'logout', user: '42' });
    await json.write('events', { id: 3, event: 'login', user: '42' }, undefined, { mode: 'append' });
    const stored = JSON.parse(textOf((await store.get('events.json')).body)) as unknown[];
    expect(stored).toHaveLength(3);
    expect(stored[2]).toEqual({ id: 3, event: 'login', user: '42' });
  });

  describe('answers as the original does on its own files', () => {
    const users = async () => {
      const store = createMemoryStore();
      await store.put('users.json', fixture('users.json'));
      return createJsonStorage({ store });
    };

    it('exists checks the path: user456 has no theme, user123 has one', async () => {
      const json = await users();
      expect(await json.exists('users', 'user123', { path: 'preferences.theme' })).toBe(true);
      expect(await json.exists('users', 'user456', { path: 'preferences.theme' })).toBe(false);
      expect(await json.exists('users', 'user456')).toBe(true);
      expect(await json.exists('users', 'user456', { path: 'tags.0' })).toBe(false);
    });

    it('records are the documents as stored, with no id added', async () => {
      const json = await users();
      const stored = JSON.parse(fixture('users.json')) as Record<string, unknown>;
      expect(await json.read('users', undefined, { format: 'records' })).toEqual([stored.user123, stored.user456]);
      expect(await json.read('users', undefined, { format: 'records', idField: 'user_id', query: { name: 'Jane' } })).toEqual([{ user_id: 'user456', ...(stored.user456 as object) }]);
    });

    it('a read by id with format records is the one document, not a list', async () => {
      const json = await users();
      expect(await json.read('users', 'user456', { format: 'records' })).toMatchObject({ name: 'Jane', age: 42 });
      expect(await json.read('users', 'nobody', { format: 'records' })).toBeUndefined();
      const store = createMemoryStore();
      await store.put('events.json', fixture('events.json'));
      expect(await createJsonStorage({ store }).read('events', 2, { format: 'records' })).toEqual({ id: 2, event: 'logout', user: '42' });
    });
  });
});
