import { StorageError, isStorageError } from '../errors/storage-error';
import { validateKey } from '../keys/validate-key';

/** The parts of `scheme://container/key` (or `local://key`). */
export interface StorageUri {
  /** Lower-cased scheme without `://`. */
  scheme: string;
  /** The container, bucket or memory namespace; absent for `local://`. */
  container?: string;
  /** The key inside the container, checked by `validateKey`. */
  key: string;
}

const URI = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([\s\S]*)$/;
// `s3:/bucket/key` or `s3:bucket/key`: a scheme followed by something other than `//`.
const NEAR_URI = /^([A-Za-z][A-Za-z0-9+.-]*):(?!\/\/)/;
const BAD_CONTAINER = /[\\\s\u0000-\u001f\u007f]/;

/** Schemes whose URIs carry no container: the path is a key under the configured base directory. */
const CONTAINERLESS = new Set(['local']);

/** True when `target` is written as a URI (`scheme://…`). */
export function isStorageUri(target: string): boolean {
  return URI.test(target);
}

/**
 * The scheme of a string that looks like a URI with a slash missing (`s3:/bucket/key`), when
 * that scheme is one of `schemes`; used to refuse it instead of treating it as a collection name.
 */
export function nearMissScheme(target: string, schemes: ReadonlySet<string>): string | undefined {
  const match = NEAR_URI.exec(target);
  const scheme = match?.[1]?.toLowerCase();
  return scheme !== undefined && schemes.has(scheme) ? scheme : undefined;
}

/**
 * Parses `azure://container/path`, `s3://bucket/path`, `gs://bucket/path`,
 * `memory://name/path`, `<plugin>://container/path` and `local://path`. A missing container
 * or key, or an unsafe key (`..`, absolute, NUL), is `INVALID_ARGUMENT` naming the URI.
 */
export function parseStorageUri(target: string): StorageUri {
  const match = URI.exec(target);
  if (!match) {
    throw new StorageError('INVALID_ARGUMENT', `"${target}" is not a storage URI: write scheme://container/key, such as s3://my-bucket/users.json.`, {
      provider: 'router',
      key: target,
    });
  }
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  if (CONTAINERLESS.has(scheme)) return { scheme, key: checkedKey(rest, target, `${scheme}://path/to/object`) };

  const slash = rest.indexOf('/');
  const container = slash === -1 ? rest : rest.slice(0, slash);
  const example = `${scheme}://${container || 'container'}/path/to/object`;
  if (container === '') {
    throw new StorageError('INVALID_ARGUMENT', `"${target}" names no container or bucket: write ${example}.`, { provider: 'router', key: target });
  }
  if (BAD_CONTAINER.test(container) || container === '.' || container === '..') {
    throw new StorageError('INVALID_ARGUMENT', `"${target}" has an invalid container or bucket name: use letters, digits, "-" and "." (${example}).`, {
      provider: 'router',
      key: target,
    });
  }
  return { scheme, container, key: checkedKey(slash === -1 ? '' : rest.slice(slash + 1), target, example) };
}

function checkedKey(key: string, target: string, example: string): string {
  if (key === '') {
    throw new StorageError('INVALID_ARGUMENT', `"${target}" names no object: write ${example}.`, { provider: 'router', key: target });
  }
  try {
    return validateKey(key, 'router');
  } catch (error) {
    const reason = isStorageError(error) ? error.message : 'the key is invalid';
    throw new StorageError('INVALID_ARGUMENT', `"${target}" has an unsafe or invalid object path. ${reason}`, { provider: 'router', key: target, cause: error });
  }
}
