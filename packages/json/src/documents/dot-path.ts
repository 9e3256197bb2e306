import { StorageError } from '@agentmap/storage-core';
import { type JsonObject, getOwn, isJsonObject, setOwn } from './own';

/** A parsed dot path: `preferences.theme` -> `['preferences', 'theme']`. */
export type PathSegments = readonly string[];

const INDEX = /^\d+$/;
/** Segments that would reach an object's prototype instead of its data. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/** Setting `items.999999999` must not allocate a billion nulls. */
const MAX_PADDING = 10_000;

/** Splits and checks a dot path; an empty or unsafe one is `INVALID_ARGUMENT`. */
export function parsePath(path: unknown): PathSegments {
  if (typeof path !== 'string' || path === '') {
    throw new StorageError('INVALID_ARGUMENT', `A path must be a non-empty dot path such as "preferences.theme"; got ${JSON.stringify(path)}.`, { provider: 'json' });
  }
  const segments = path.split('.');
  for (const segment of segments) {
    if (segment === '') throw new StorageError('INVALID_ARGUMENT', `Path "${path}" has an empty segment; write segments separated by single dots.`, { provider: 'json' });
    if (FORBIDDEN.has(segment)) throw new StorageError('INVALID_ARGUMENT', `Path "${path}" uses "${segment}", which is not allowed as a path segment.`, { provider: 'json' });
  }
  return segments;
}

/** The value at `segments`, or `undefined` when any segment is missing. Numeric segments index arrays. */
export function getPath(value: unknown, segments: PathSegments): unknown {
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!INDEX.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (isJsonObject(current)) {
      current = getOwn(current, segment);
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * Replaces the value at `segments` with `change(current)` and returns the new root. Missing
 * (or `null`) containers are created: an array when the next segment is numeric, else an
 * object; arrays are padded with `null`. Copy-on-write: only the containers along the path are
 * copied, so `root` (possibly cached) is never mutated. Stepping into a string, number or
 * boolean is `INVALID_ARGUMENT` naming where, and so is a non-numeric segment on an array.
 */
export function updatePath(root: unknown, segments: PathSegments, change: (current: unknown) => unknown, where: string): unknown {
  const step = (node: unknown, depth: number): unknown => {
    if (depth === segments.length) return change(node);
    const segment = segments[depth]!;
    const container = node === undefined || node === null ? (INDEX.test(segment) ? [] : {}) : node;
    if (Array.isArray(container)) {
      if (!INDEX.test(segment)) {
        throw new StorageError('INVALID_ARGUMENT', `${where}: "${segments.slice(0, depth).join('.') || '(top)'}" is a list, so "${segment}" must be a numeric index.`, { provider: 'json' });
      }
      const index = Number(segment);
      if (index > container.length + MAX_PADDING) {
        throw new StorageError('INVALID_ARGUMENT', `${where}: index ${index} is more than ${MAX_PADDING} past the end of a list of ${container.length}.`, { provider: 'json' });
      }
      const copy = container.slice();
      while (copy.length < index) copy.push(null);
      copy[index] = step(copy[index], depth + 1);
      return copy;
    }
    if (isJsonObject(container)) {
      const copy: JsonObject = { ...container };
      setOwn(copy, segment, step(getOwn(container, segment), depth + 1));
      return copy;
    }
    throw new StorageError(
      'INVALID_ARGUMENT',
      `${where}: cannot set "${segments.join('.')}" because "${segments.slice(0, depth).join('.') || '(top)'}" holds a ${typeof container}, not an object or a list.`,
      { provider: 'json' },
    );
  };
  return step(root, 0);
}

/** Sets the value at `segments`; see {@link updatePath}. */
export function setPath(root: unknown, segments: PathSegments, value: unknown, where: string): unknown {
  return updatePath(root, segments, () => value, where);
}

/**
 * Removes the value at `segments` (an array element is spliced out). A missing path changes
 * nothing and reports `removed: false`. Copy-on-write, like {@link updatePath}.
 */
export function deletePath(root: unknown, segments: PathSegments): { value: unknown; removed: boolean } {
  let removed = false;
  const step = (node: unknown, depth: number): unknown => {
    const segment = segments[depth]!;
    const last = depth === segments.length - 1;
    if (Array.isArray(node)) {
      const index = INDEX.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= node.length) return node;
      if (last) {
        removed = true;
        return node.filter((_, i) => i !== index);
      }
      const child = step(node[index], depth + 1);
      if (!removed) return node;
      const copy = node.slice();
      copy[index] = child;
      return copy;
    }
    if (isJsonObject(node) && Object.hasOwn(node, segment)) {
      const child = last ? undefined : step(node[segment], depth + 1);
      if (last) removed = true;
      if (!removed) return node;
      const copy: JsonObject = { ...node };
      if (last) delete copy[segment];
      else setOwn(copy, segment, child);
      return copy;
    }
    return node;
  };
  const value = step(root, 0);
  return { value, removed };
}
