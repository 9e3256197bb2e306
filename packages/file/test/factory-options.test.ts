import { createMemoryStore } from '@agentmap/storage-core';
import { expectStorageError } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { createFileStorage } from '../src';

const invalid = (run: () => unknown, message: RegExp) => expect(run).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));

describe('createFileStorage arguments', () => {
  it('enforces security options given next to the store, as in the second argument', async () => {
    const store = createMemoryStore();
    for (const files of [createFileStorage({ store, allowedExtensions: ['.txt'], maxFileSize: 8, allowBinary: false }), createFileStorage({ store }, { allowedExtensions: ['.txt'], maxFileSize: 8, allowBinary: false })]) {
      await expectStorageError(files.write('docs', 'x', 'run.sh'), 'INVALID_ARGUMENT');
      await expectStorageError(files.write('docs', 'x'.repeat(9), 'big.txt'), 'INVALID_ARGUMENT');
      await expectStorageError(files.write('docs', new Uint8Array([1]), 'photo.png'), 'INVALID_ARGUMENT');
    }
    const keys: string[] = [];
    for await (const entry of store.list('')) keys.push(entry.kind === 'object' ? entry.key : entry.prefix);
    expect(keys).toEqual([]);
  });

  it('refuses unknown, misplaced and conflicting options, naming them', () => {
    const store = createMemoryStore();
    invalid(() => createFileStorage({ store, allowedExtension: ['.txt'] } as never), /"allowedExtension".*did you mean "allowedExtensions"/);
    invalid(() => createFileStorage({ store }, { max_file_size: '1MB' } as never), /did you mean "maxFileSize"/);
    invalid(() => createFileStorage({ store }, { store } as never), /"store" does not belong here: give it in the first argument/);
    invalid(() => createFileStorage({ store }, { prefix: 'docs' } as never), /"prefix" does not belong here/);
    invalid(() => createFileStorage({ store, maxFileSize: '1MB' }, { maxFileSize: '2MB' }), /"maxFileSize" is given in both arguments/);
    invalid(() => createFileStorage({ store }, 'strict' as never), /options object/);
    invalid(() => createFileStorage(undefined as never), /store/);
    invalid(() => createFileStorage({}), /store/);
    expect(() => createFileStorage({ store, maxFileSize: '1MB' }, { maxFileSize: '1MB' })).not.toThrow();
  });
});
