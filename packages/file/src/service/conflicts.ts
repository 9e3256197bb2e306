import { fileError } from '../errors';
import type { FileTarget } from '../paths/target';
import { isDirectory } from './inspect';

/**
 * Keeps the namespace a tree, as on a disk: a file may not be written where a directory
 * is (`docs/a` holding `docs/a/b.txt`), nor below a file (`docs/a.txt/b.txt`). File-system
 * backends would fail half-way; object stores would accept both and make reads ambiguous.
 * `kind` is what will be written at the target. The checks run in parallel: one listing (or
 * `head`) and one `head` per parent folder.
 */
export async function checkWritablePath(target: FileTarget, kind: 'file' | 'directory', signal?: AbortSignal): Promise<void> {
  const segments = target.key.split('/');
  const parents = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
  const [clash, ...parentFiles] = await Promise.all([
    kind === 'file' ? isDirectory(target.store, target.key, signal) : target.store.head(target.key, { signal }).then(Boolean),
    ...parents.map((parent) => target.store.head(parent, { signal })),
  ]);
  if (clash && kind === 'file') {
    throw fileError('INVALID_ARGUMENT', `"${target.source}" is a directory; write to a file inside it, or delete it first with { recursive: true }.`, { key: target.source });
  }
  if (clash) {
    throw fileError('INVALID_ARGUMENT', `"${target.source}" is a file, so a directory cannot be copied there; choose another destination or delete that file.`, { key: target.source });
  }
  const blocking = parentFiles.findIndex((info) => info !== undefined);
  if (blocking !== -1) {
    throw fileError('INVALID_ARGUMENT', `"${parents[blocking]}" is a file, so "${target.source}" cannot be created below it; choose another path or delete that file.`, {
      key: target.source,
    });
  }
}
