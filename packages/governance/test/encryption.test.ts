import { randomBytes } from 'node:crypto';
import { createMemoryStore, isStorageError } from '@agentmap/storage-core';
import { createCsvStorage } from '@agentmap/storage-csv';
import { createJsonStorage } from '@agentmap/storage-json';
import { describeObjectStore } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { reencryptFields, reencryptObjects, withEncryption, withFieldEncryption } from '../src/index';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const raw = async (store: ReturnType<typeof createMemoryStore>, key: string) => Buffer.from((await store.get(key)).body).toString('utf8');
async function failure(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isStorageError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as Error;
}

describe('withFieldEncryption over the JSON service', () => {
  it('stores listed fields only as ciphertext and reads them back, by id, by path and whole', async () => {
    const store = createMemoryStore();
    const users = withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn', 'contact.phone'], keys: { k1 } });
    await users.write('users', { name: 'Ada', ssn: '078-05-1120', contact: { phone: '+44 20 7946 0958', city: 'London' }, age: 36 }, 'u1');
    await users.write('users', { name: 'Bob', ssn: 123456789 }, 'u2');
    const stored = await raw(store, 'users.json');
    expect(stored).not.toContain('078-05-1120');
    expect(stored).not.toContain('7946');
    expect(stored).not.toContain('123456789');
    expect(stored).toContain('London');
    expect(stored).toMatch(/agentmap:enc:v1:k1:/);
    expect(await users.read('users', 'u1')).toEqual({ name: 'Ada', ssn: '078-05-1120', contact: { phone: '+44 20 7946 0958', city: 'London' }, age: 36 });
    expect(await users.read('users', 'u2', { path: 'ssn' })).toBe(123456789); // types survive
    expect(await users.read('users', 'u1', { path: 'contact' })).toEqual({ phone: '+44 20 7946 0958', city: 'London' });
    expect(await users.read('users')).toMatchObject({ u1: { ssn: '078-05-1120' }, u2: { ssn: 123456789 } });
  });

  it('encrypts a field updated by path, and refuses a path inside an encrypted field', async () => {
    const store = createMemoryStore();
    const users = withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k1 } });
    await users.write('users', { name: 'Ada' }, 'u1');
    await users.write('users', '999-99-9999', 'u1', { mode: 'update', path: 'ssn' });
    expect(await raw(store, 'users.json')).not.toContain('999-99-9999');
    expect(await users.read('users', 'u1', { path: 'ssn' })).toBe('999-99-9999');
    await failure(users.write('users', '1', 'u1', { mode: 'update', path: 'ssn.last4' }), 'INVALID_ARGUMENT');
  });

  it('fails a value moved to another document, a wrong key and a missing key id clearly', async () => {
    const store = createMemoryStore();
    const users = withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k1 } });
    await users.write('users', { ssn: 'one' }, 'u1');
    await users.write('users', { ssn: 'two' }, 'u2');
    // Move u1's ciphertext into u2 directly in storage.
    const doc = JSON.parse(await raw(store, 'users.json')) as Record<string, { ssn: string }>;
    await store.put('users.json', JSON.stringify({ ...doc, u2: { ssn: doc.u1!.ssn } }));
    expect((await failure(users.read('users', 'u2'), 'CORRUPT_DATA')).message).toContain('moved from another document');
    expect(await users.read('users', 'u1')).toEqual({ ssn: 'one' });
    const wrong = withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k1: k2 } });
    await failure(wrong.read('users', 'u1'), 'CORRUPT_DATA');
    const missing = withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k9: k2 } });
    expect((await failure(missing.read('users', 'u1'), 'UNAUTHENTICATED')).message).toContain('key "k1"');
  });

  it('rotates: old values stay readable, new writes use the newest key', async () => {
    const store = createMemoryStore();
    await withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k1 } }).write('users', { ssn: 'old' }, 'u1');
    const rotated = withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k1, k2 }, activeKeyId: 'k2' });
    await rotated.write('users', { ssn: 'new' }, 'u2');
    expect(await rotated.read('users', 'u1')).toEqual({ ssn: 'old' });
    expect(await rotated.read('users', 'u2')).toEqual({ ssn: 'new' });
    const stored = JSON.parse(await raw(store, 'users.json')) as Record<string, { ssn: string }>;
    expect(stored.u1!.ssn).toMatch(/^agentmap:enc:v1:k1:/);
    expect(stored.u2!.ssn).toMatch(/^agentmap:enc:v1:k2:/);
  });

  it('refuses plaintext where a field must be encrypted, unless migrating', async () => {
    const store = createMemoryStore();
    await createJsonStorage({ store }).write('users', { ssn: 'plain' }, 'u1');
    await failure(withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k1 } }).read('users', 'u1'), 'CORRUPT_DATA');
    expect(await withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k1 }, allowPlaintext: true }).read('users', 'u1')).toEqual({ ssn: 'plain' });
  });

  it('derives a key from a passphrase with scrypt, and checks its options', async () => {
    const store = createMemoryStore();
    const users = withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { p1: { passphrase: 'correct horse battery staple' } } });
    await users.write('users', { ssn: 'x' }, 'u1');
    expect(await users.read('users', 'u1')).toEqual({ ssn: 'x' });
    expect(() => withFieldEncryption(createJsonStorage({ store }), { fields: [], keys: { k1 } })).toThrow(/non-empty list/);
    expect(() => withFieldEncryption(createJsonStorage({ store }), { fields: ['a'], keys: { k1: randomBytes(16) } })).toThrow(/32 bytes/);
    expect(() => withFieldEncryption(createJsonStorage({ store }), { fields: ['a'], keys: { k1, k2 } })).toThrow(/activeKeyId/);
  });
});

describe('withFieldEncryption over the CSV service', () => {
  it('encrypts cells of listed columns, bound to each row id', async () => {
    const store = createMemoryStore();
    const people = withFieldEncryption(createCsvStorage({ store }), { fields: ['email'], keys: { k1 } });
    await people.write('people', [{ id: 1, name: 'Ada', email: 'ada@example.com' }, { id: 2, name: 'Bob', email: 'bob@example.com' }]);
    const stored = await raw(store, 'people.csv');
    expect(stored).not.toContain('example.com');
    expect(stored).toContain('Ada');
    expect(await people.read('people', 1)).toMatchObject({ name: 'Ada', email: 'ada@example.com' });
    expect(await people.read('people', undefined, { format: 'records' })).toMatchObject([{ email: 'ada@example.com' }, { email: 'bob@example.com' }]);
  });
});

describe('withEncryption (whole objects)', () => {
  it('never stores plaintext, and fails a wrong key or an object copied under another key', async () => {
    const store = createMemoryStore();
    const secret = withEncryption(store, { keys: { k1 } });
    await secret.put('a.txt', 'top secret payload', { contentType: 'text/plain' });
    expect(await raw(store, 'a.txt')).not.toContain('secret');
    expect((await secret.head('a.txt'))?.size).toBe(18);
    expect(Buffer.from((await secret.get('a.txt', { range: { offset: 4, length: 6 } })).body).toString()).toBe('secret');
    await store.copy('a.txt', 'b.txt');
    await failure(secret.get('b.txt'), 'CORRUPT_DATA');
    await failure(withEncryption(store, { keys: { k1: k2 } }).get('a.txt'), 'CORRUPT_DATA');
    await store.put('plain.txt', 'never encrypted');
    await failure(secret.get('plain.txt'), 'CORRUPT_DATA');
  });
});

describe('re-encryption after a rotation', () => {
  it('rewrites fields and objects sealed by older keys under the active one, and leaves the rest', async () => {
    const store = createMemoryStore();
    const json = createJsonStorage({ store });
    await withFieldEncryption(json, { fields: ['ssn'], keys: { k1 } }).write('users', { ssn: 'a' }, 'u1');
    await withFieldEncryption(json, { fields: ['ssn'], keys: { k1, k2 }, activeKeyId: 'k2' }).write('users', { ssn: 'b' }, 'u2');
    expect(await reencryptFields(json, 'users', { fields: ['ssn'], keys: { k1, k2 }, activeKeyId: 'k2' })).toEqual({ checked: 2, reencrypted: 1 });
    expect(await raw(store, 'users.json')).not.toMatch(/enc:v1:k1:/);
    expect(await withFieldEncryption(json, { fields: ['ssn'], keys: { k2 } }).read('users')).toEqual({ u1: { ssn: 'a' }, u2: { ssn: 'b' } });

    const objects = createMemoryStore();
    await withEncryption(objects, { keys: { k1 } }).put('docs/a', 'alpha');
    await withEncryption(objects, { keys: { k2 } }).put('docs/b', 'beta');
    expect(await reencryptObjects(objects, { keys: { k1, k2 }, activeKeyId: 'k2', prefix: 'docs/' })).toEqual({ checked: 2, reencrypted: 1 });
    const onlyK2 = withEncryption(objects, { keys: { k2 } });
    expect(Buffer.from((await onlyK2.get('docs/a')).body).toString()).toBe('alpha');
    expect(Buffer.from((await onlyK2.get('docs/b')).body).toString()).toBe('beta');
  });
});

describeObjectStore('withEncryption over memory', () => withEncryption(createMemoryStore(), { keys: { k1 } }), { largeSize: 8 * 1024 * 1024 });

describe('records of a whole JSON collection', () => {
  it('decrypts them, and leaves no id field the caller did not ask for', async () => {
    const store = createMemoryStore();
    const users = withFieldEncryption(createJsonStorage({ store }), { fields: ['ssn'], keys: { k1 } });
    await users.write('users', { name: 'Ada', ssn: 'a' }, 'u1');
    await users.write('users', { name: 'Bob', ssn: 'b' }, 'u2');
    expect(await users.read('users', undefined, { format: 'records' })).toEqual([{ name: 'Ada', ssn: 'a' }, { name: 'Bob', ssn: 'b' }]);
  });
});
