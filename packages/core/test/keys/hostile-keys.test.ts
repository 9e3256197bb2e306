import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ObjectStore, createLocalStore, createMemoryStore, isStorageError } from '../../src/index';
import { MAX_SEGMENT_BYTES, normaliseId, validateKey } from '../../src/kit';

const baseDir = mkdtempSync(join(tmpdir(), 'agentmap-keys-'));
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

async function code(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return isStorageError(error) ? error.code : `raw ${String(error)}`;
  }
}

const backends: Array<[string, () => ObjectStore]> = [
  ['memory', () => createMemoryStore()],
  ['local', () => createLocalStore({ baseDir })],
];

describe('ill-formed keys and ids', () => {
  it('refuses lone surrogates and C1 controls in keys and ids', async () => {
    for (const bad of ['x\ud800y', 'x\udbffy', 'x\udc00', 'a/\u0085b', 'c\u009f']) {
      expect(await code(() => validateKey(bad)), JSON.stringify(bad)).toBe('INVALID_ARGUMENT');
      expect(await code(() => normaliseId(bad)), JSON.stringify(bad)).toBe('INVALID_ARGUMENT');
    }
    // Well-formed pairs and ordinary non-ASCII text pass.
    expect(validateKey('emoji/\ud83d\ude00.txt')).toBe('emoji/\ud83d\ude00.txt');
    expect(normaliseId('caf\u00e9')).toBe('caf\u00e9');
  });

  it.each(backends)('%s: one key-length rule, 1024 bytes in all and 240 a segment', async (_name, make) => {
    const store = make();
    const longest = 'é'.repeat(MAX_SEGMENT_BYTES / 2);
    await store.put(`deep/${longest}`, 'fits');
    expect(Buffer.from((await store.get(`deep/${longest}`)).body).toString()).toBe('fits');
    await store.put(`deep/${longest}`, 'again', { metadata: { a: 'b' } });
    expect(await code(() => store.put(`deep/${longest}x`, 'too long'))).toBe('INVALID_ARGUMENT');
    expect(await code(() => store.put('x\ud800y', 'one'))).toBe('INVALID_ARGUMENT');
  });
});

describe('local options', () => {
  it('a baseDir that is a file is INVALID_ARGUMENT saying so', async () => {
    const file = join(baseDir, 'not-a-dir');
    writeFileSync(file, 'x');
    const error = await (async () => {
      try {
        await createLocalStore({ baseDir: file }).put('k', 'v');
      } catch (e) {
        return e;
      }
    })();
    expect(isStorageError(error, 'INVALID_ARGUMENT'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/not a directory/);
  });

  it.each(backends)('%s: a non-string ifMatch is INVALID_ARGUMENT', async (_name, make) => {
    const store = make();
    await store.put('m', 'v');
    for (const bad of [42, {}, null, ['"x"']]) {
      expect(await code(() => store.put('m', 'w', { ifMatch: bad as never }))).toBe('INVALID_ARGUMENT');
      expect(await code(() => store.delete('m', { ifMatch: bad as never }))).toBe('INVALID_ARGUMENT');
    }
  });
});
