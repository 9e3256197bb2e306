import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectStorageError, collect } from '@agentmap/storage-testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { StorageError, createLocalStore } from '../../src/index';

const root = mkdtempSync(join(tmpdir(), 'agentmap-local-safety-'));
const baseDir = join(root, 'base');
const outside = join(root, 'outside');
mkdirSync(baseDir);
mkdirSync(outside);
writeFileSync(join(outside, 'secret.txt'), 'do not touch');
symlinkSync(outside, join(baseDir, 'link-dir'));
symlinkSync(join(outside, 'secret.txt'), join(baseDir, 'link-file.txt'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('local backend path safety', () => {
  const store = createLocalStore({ baseDir });

  it('refuses keys that reach outside the base through a symlinked directory', async () => {
    await expectStorageError(store.get('link-dir/secret.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(store.put('link-dir/secret.txt', 'overwritten'), 'INVALID_ARGUMENT');
    await expectStorageError(store.put('link-dir/new.txt', 'planted'), 'INVALID_ARGUMENT');
    await expectStorageError(store.put('link-dir/sub/deeper/new.txt', 'planted'), 'INVALID_ARGUMENT');
    await expectStorageError(store.copy('plain-src.txt', 'link-dir/sub/copied.txt'), 'NOT_FOUND');
    await expectStorageError(store.delete('link-dir/secret.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(store.head('link-dir/secret.txt'), 'INVALID_ARGUMENT');
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('do not touch');
    expect(existsSync(join(outside, 'new.txt'))).toBe(false);
    expect(existsSync(join(outside, 'sub'))).toBe(false);
  });

  it('refuses a symlinked file that points outside, and never lists it', async () => {
    await expectStorageError(store.get('link-file.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(store.getStream('link-file.txt'), 'INVALID_ARGUMENT');
    const keys = (await collect(store.list(''))).map((e) => (e.kind === 'object' ? e.key : e.prefix));
    expect(keys).not.toContain('link-file.txt');
    expect(keys.some((k) => k.startsWith('link-dir'))).toBe(false);
  });

  it('reserves its internal file names', async () => {
    await expectStorageError(store.put('.agentmap~lock~x', 'x'), 'INVALID_ARGUMENT');
    await expectStorageError(store.get('dir/.agentmap~meta~x'), 'INVALID_ARGUMENT');
  });

  it('says what to do when baseDir is missing', () => {
    expect(() => createLocalStore({} as never)).toThrow(/baseDir/);
    try {
      createLocalStore({ baseDir: '' });
    } catch (error) {
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).code).toBe('INVALID_ARGUMENT');
    }
  });

  it('maps a file standing where a directory is needed to INVALID_ARGUMENT', async () => {
    await store.put('plain', 'a file');
    await expectStorageError(store.put('plain/child.txt', 'x'), 'INVALID_ARGUMENT');
    expect(await store.head('plain/child.txt')).toBeUndefined();
    await expectStorageError(store.get('plain/child.txt'), 'NOT_FOUND');
    expect(new TextDecoder().decode((await store.get('plain')).body)).toBe('a file');
  });

  it('never shows a torn object to readers while it is replaced', { timeout: 30_000 }, async () => {
    const a = 'A'.repeat(256 * 1024);
    const b = 'B'.repeat(300 * 1024);
    await store.put('race.txt', a);
    let stop = false;
    const seen = new Set<string>();
    const reader = (async () => {
      while (!stop) {
        const text = new TextDecoder().decode((await store.get('race.txt')).body);
        seen.add(text === a ? 'a' : text === b ? 'b' : 'torn');
      }
    })();
    for (let i = 0; i < 30; i++) await store.put('race.txt', i % 2 ? a : b);
    stop = true;
    await reader;
    expect(seen.has('torn')).toBe(false);
  });

  it('prunes directories emptied by delete', async () => {
    await store.put('deep/er/leaf.txt', 'x');
    await store.delete('deep/er/leaf.txt');
    expect(existsSync(join(baseDir, 'deep'))).toBe(false);
    expect((await collect(store.list('', { delimiter: '/' }))).some((e) => e.kind === 'prefix' && e.prefix === 'deep/')).toBe(false);
  });
});
