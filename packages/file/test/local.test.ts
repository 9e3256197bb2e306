import { createLocalStore, isStorageError, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '@agentmap/storage-core';
import { expectStorageError, patternStream, settledWithin, stalledStream } from '@agentmap/storage-testkit';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFileStorage, type FileStorage } from '../src';
import { describeFileStorageSuite } from '../src/testing';
import { HOSTILE_NAMES } from '../src/testing/sections/safety';
import { filesBelow, tempDir } from './helpers/temp-dir';

const suiteDir = tempDir('suite');
describeFileStorageSuite('local', () => createLocalStore({ baseDir: suiteDir.path }), { teardown: suiteDir.remove });

describe('file storage on the local disk: nothing escapes the base directory', () => {
  const root = tempDir('escape');
  const base = join(root.path, 'base');
  const outside = join(root.path, 'outside');
  let files: FileStorage;

  beforeAll(() => {
    mkdirSync(join(base, 'docs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'top secret');
    symlinkSync(outside, join(base, 'docs', 'out'), 'dir');
    symlinkSync(join(outside, 'secret.txt'), join(base, 'docs', 'evil.txt'), 'file');
    symlinkSync(outside, join(base, 'linked'), 'dir');
    files = createFileStorage({ store: createLocalStore({ baseDir: base }) });
  });
  afterAll(root.remove);

  it('refuses to read, write or delete through symbolic links that point outside', async () => {
    await expectStorageError(files.read('docs', 'out/secret.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(files.read('docs', 'evil.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(files.readStream('docs', 'evil.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(files.read('linked', 'secret.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('docs', 'pwned', 'out/new.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('docs', 'pwned', 'evil.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('linked', 'pwned', 'secret.txt'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('docs', 'pwned', 'evil.txt', { mode: 'append' }), 'INVALID_ARGUMENT');
    await files.delete('docs', 'out', { recursive: true }).catch(() => undefined);
    await files.delete('linked', undefined, { recursive: true }).catch(() => undefined);
    await files.delete('docs', 'evil.txt').catch(() => undefined);
    expect(filesBelow(outside)).toEqual(['secret.txt']);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('top secret');
  });

  it('never lists what lies behind such links, and refuses to list a linked folder', async () => {
    await files.write('docs', 'mine', 'visible.txt');
    expect(await files.read('docs', undefined, { recursive: true })).toEqual(['visible.txt']);
    expect(await files.count('docs')).toBe(1);
    await expectStorageError(files.read('linked'), 'INVALID_ARGUMENT');
    await expectStorageError(files.read('linked', undefined, { recursive: true }), 'INVALID_ARGUMENT');
  });

  it('writes nothing outside for any hostile name', async () => {
    for (const name of HOSTILE_NAMES) {
      await expectStorageError(files.write('docs', 'pwned', name), 'INVALID_ARGUMENT');
      await expectStorageError(files.write(name, 'pwned', 'x.txt'), 'INVALID_ARGUMENT');
    }
    expect(filesBelow(root.path).filter((p) => !p.startsWith('base'))).toEqual(['outside/secret.txt']);
  });

  it('leaves no temporary file behind when a stream goes over maxFileSize', async () => {
    const limited = createFileStorage({ store: createLocalStore({ baseDir: base }) }, { maxFileSize: '64KB' });
    const before = filesBelow(base);
    await expectStorageError(limited.write('uploads', patternStream(1024 * 1024, 16 * 1024), 'big.bin'), 'INVALID_ARGUMENT');
    expect(filesBelow(base)).toEqual(before);
  });
});

describe('file storage on the local disk: a stalled write lets go of everything', () => {
  const root = tempDir('stalled');
  afterAll(root.remove);

  /** Descriptors of this process open on files below `dir` (Linux; empty elsewhere). */
  const descriptorsBelow = (dir: string) => {
    if (!existsSync('/proc/self/fd')) return [];
    return readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        const target = readlinkSync(`/proc/self/fd/${fd}`);
        return target.startsWith(dir) ? [target] : [];
      } catch {
        return [];
      }
    });
  };

  it('aborted or timed out, in the layer stack, it holds no descriptor, leaves no temp file and destroys the caller stream', async () => {
    const store = withMetrics(withRetry(withTimeout(withConcurrencyLimit(createLocalStore({ baseDir: root.path }), { maxConcurrent: 2 }), { timeoutMs: 300 }), { retries: 1 }));
    const files = createFileStorage({ store });
    const controller = new AbortController();
    const bodies = [stalledStream(), stalledStream(), stalledStream()];
    const writes = [
      files.write('docs', bodies[0]!, 'aborted.bin', { signal: controller.signal }),
      files.write('docs', bodies[1]!, 'timed-out.bin'),
      files.write('docs', bodies[2]!, 'appended.bin', { mode: 'append', signal: controller.signal }),
    ];
    setTimeout(() => controller.abort(), 100);
    const outcomes = await Promise.all(writes.map((w) => settledWithin(w, 5_000)));
    expect(outcomes.map((o) => (isStorageError(o) ? o.code : String(o)))).toEqual(['ABORTED', 'TIMEOUT', 'ABORTED']);
    expect(bodies.map((b) => b.destroyed)).toEqual([true, true, true]);
    // The layers settle a call at once; the backend lets go of its file just after.
    await vi.waitFor(() => {
      expect(descriptorsBelow(root.path)).toEqual([]);
      expect(filesBelow(root.path)).toEqual([]);
    }, { timeout: 2_000, interval: 20 });
    await files.write('docs', 'fine', 'ok.txt');
    expect(await files.read('docs', 'ok.txt')).toBe('fine');
    expect((await files.list('docs'))?.map((e) => e.path)).toEqual(['ok.txt']);
  });
});
