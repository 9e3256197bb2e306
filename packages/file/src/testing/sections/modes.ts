import { WriteMode } from '@agentmap/storage-core';
import { expectStorageError } from '@agentmap/storage-testkit';
import { expect, it } from 'vitest';
import type { GetContext } from '../context';

/** write, update and append, and what a write requires. */
export function modeSection(get: GetContext, timeout: number): void {
  it('appends with a blank line between old and new text, creating the file first', { timeout }, async () => {
    const { files } = get();
    const created = await files.write('logs', 'first', 'run.log', { mode: 'append' });
    expect(created).toMatchObject({ success: true, operation: 'append', createdNew: true });
    await files.write('logs', 'second', 'run.log', { mode: WriteMode.APPEND });
    expect(await files.read('logs', 'run.log')).toBe('first\n\nsecond');
  });

  it('appends bytes to binary files without a separator', { timeout }, async () => {
    const { files } = get();
    await files.write('bin', new Uint8Array([1, 2]), 'parts.bin', { binaryMode: true });
    await files.write('bin', new Uint8Array([3]), 'parts.bin', { mode: 'append', binaryMode: true });
    expect([...((await files.read('bin', 'parts.bin', { binaryMode: true })) as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it('loses no text when many writers append at once', { timeout }, async () => {
    const { files } = get();
    const lines = Array.from({ length: 8 }, (_, i) => `line ${i}`);
    const results = await Promise.all(lines.map((line) => files.write('logs', line, 'busy.log', { mode: 'append' })));
    expect(results.every((r) => r.success)).toBe(true);
    const text = (await files.read('logs', 'busy.log')) as string;
    expect(text.split('\n\n').sort()).toEqual(lines);
  });

  it('updates only an existing file; a missing one is NOT_FOUND and nothing is created', { timeout }, async () => {
    const { files, keys } = get();
    const missing = await files.write('docs', 'x', 'ghost.txt', { mode: 'update' });
    expect(missing).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(await keys()).toEqual([]);
    await files.write('docs', 'old', 'real.txt');
    expect(await files.write('docs', 'new', 'real.txt', { mode: 'update' })).toMatchObject({ success: true, createdNew: false });
    expect(await files.read('docs', 'real.txt')).toBe('new');
  });

  it('requires a document id and a known mode', { timeout }, async () => {
    const { files, keys } = get();
    await expectStorageError(files.write('docs', 'x', undefined as never), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('docs', 'x', 'a.txt', { mode: 'merge' as never }), 'INVALID_ARGUMENT');
    expect(await keys()).toEqual([]);
  });

  it('creates parent folders and keeps the tree consistent', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', 'deep', '2024/q1/report.txt');
    expect(await files.read('docs', '2024/q1/report.txt')).toBe('deep');
    expect(await files.exists('docs', '2024/q1')).toBe(true);
    await expectStorageError(files.write('docs', 'x', '2024'), 'INVALID_ARGUMENT');
    await expectStorageError(files.write('docs', 'x', '2024/q1/report.txt/inner.txt'), 'INVALID_ARGUMENT');
    expect(await files.read('docs', '2024/q1/report.txt')).toBe('deep');
  });
}
