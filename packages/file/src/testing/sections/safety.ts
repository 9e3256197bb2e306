import { expectStorageError } from '@agentmap/storage-testkit';
import { expect, it } from 'vitest';
import type { GetContext } from '../context';

/** Names that try to leave the base: plain, backslashed, absolute, NUL, percent-encoded, look-alike. */
export const HOSTILE_NAMES: readonly string[] = [
  '../escape.txt',
  'a/../../escape.txt',
  '..',
  '..\\escape.txt',
  'a\\..\\..\\escape.txt',
  '/etc/passwd',
  '\\\\server\\share\\x.txt',
  'C:\\Windows\\win.ini',
  'c:/windows/win.ini',
  'bad\u0000name.txt',
  'line\nbreak.txt',
  '%2e%2e/escape.txt',
  '%2e%2e%2fescape.txt',
  '..%2fescape.txt',
  '..%5cescape.txt',
  '%252e%252e%252fescape.txt',
  'a/%2E%2E/%2E%2E/escape.txt',
  '%2fetc%2fpasswd',
  '%00.txt',
  '\uff0e\uff0e/escape.txt',
];

/** Every operation refuses hostile names with INVALID_ARGUMENT and touches nothing. */
export function safetySection(get: GetContext, timeout: number): void {
  it('refuses hostile document ids in every operation, storing and reading nothing', { timeout }, async () => {
    const { files, keys } = get();
    await files.write('docs', 'keep me', 'safe.txt');
    const before = await keys();
    for (const name of HOSTILE_NAMES) {
      await expectStorageError(files.write('docs', 'pwned', name), 'INVALID_ARGUMENT');
      await expectStorageError(files.write('docs', 'pwned', name, { mode: 'append' }), 'INVALID_ARGUMENT');
      await expectStorageError(files.read('docs', name), 'INVALID_ARGUMENT');
      await expectStorageError(files.readStream('docs', name), 'INVALID_ARGUMENT');
      await expectStorageError(files.delete('docs', name, { recursive: true }), 'INVALID_ARGUMENT');
      await expectStorageError(files.exists('docs', name), 'INVALID_ARGUMENT');
      await expectStorageError(files.getFileMetadata('docs', name), 'INVALID_ARGUMENT');
      await expectStorageError(files.copy('docs', 'safe.txt', name), 'INVALID_ARGUMENT');
      await expectStorageError(files.move('docs', name, 'stolen.txt'), 'INVALID_ARGUMENT');
    }
    expect(await keys()).toEqual(before);
    expect(await files.read('docs', 'safe.txt')).toBe('keep me');
  });

  it('refuses hostile collections the same way', { timeout }, async () => {
    const { files, keys } = get();
    for (const name of HOSTILE_NAMES) {
      await expectStorageError(files.write(name, 'pwned', 'x.txt'), 'INVALID_ARGUMENT');
      await expectStorageError(files.read(name), 'INVALID_ARGUMENT');
      await expectStorageError(files.delete(name, undefined, { recursive: true }), 'INVALID_ARGUMENT');
      await expectStorageError(files.copy('docs', 'a.txt', 'b.txt', { toCollection: name }), 'INVALID_ARGUMENT');
    }
    await expectStorageError(files.read(''), 'INVALID_ARGUMENT');
    await expectStorageError(files.read(42 as never), 'INVALID_ARGUMENT');
    await expectStorageError(files.read('docs', {} as never), 'INVALID_ARGUMENT');
    expect(await keys()).toEqual([]);
  });

  it('keeps harmless percent signs, dots and backslash separators as ordinary names', { timeout }, async () => {
    const { files, keys } = get();
    await files.write('docs', 'a', '100%.txt');
    await files.write('docs', 'b', 'a%20b.txt');
    await files.write('docs', 'c', '..hidden..txt');
    await files.write('docs', 'd', 'sub\\win.txt');
    await files.write('docs', 'e', './here/./there.txt');
    expect(await files.read('docs', '100%.txt')).toBe('a');
    expect(await files.read('docs', 'a%20b.txt')).toBe('b');
    expect(await files.read('docs', 'sub/win.txt')).toBe('d');
    expect(await keys()).toEqual(['docs/..hidden..txt', 'docs/100%.txt', 'docs/a%20b.txt', 'docs/here/there.txt', 'docs/sub/win.txt']);
  });
}
