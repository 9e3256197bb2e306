import { StorageError } from '@agentmap/storage-core';

/**
 * How many objects and lists deep a stored value may nest (the top-level value is level 1).
 * Deeper values are refused on write: readers copy documents with `structuredClone`, which
 * overflows the stack on Node a little beyond 1,000 levels, so anything accepted stays readable.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Checks that `value` survives JSON unchanged, so nothing is silently dropped or turned into
 * `null` on the way to disk. Rejects functions, symbols, BigInt, NaN and Infinity, cycles,
 * and objects JSON cannot represent (Map, Set, class instances…). Objects with `toJSON`
 * (such as Date) are checked through what `toJSON` returns. `undefined` object properties
 * are allowed and dropped, as JSON does. An invalid Date (`new Date('x')`, which JSON turns
 * into `null`) and nesting deeper than {@link MAX_JSON_DEPTH} are refused too. `label` names
 * the value in messages; `levelsAbove` counts levels the value will be stored under (a path).
 */
export function assertSerialisable(value: unknown, label: string, levelsAbove = 0): void {
  if (value === undefined) throw invalid(`${label} is undefined; there is nothing to store`);
  const ancestors = new Set<object>();
  const visit = (node: unknown, at: string, depth: number): void => {
    switch (typeof node) {
      case 'string':
      case 'boolean':
      case 'undefined':
        return;
      case 'number':
        if (!Number.isFinite(node)) throw invalid(`${at} is ${node}; JSON has no NaN or Infinity, store null or a string instead`);
        return;
      case 'bigint':
        throw invalid(`${at} is a BigInt; convert it to a number or a string before storing it`);
      case 'function':
      case 'symbol':
        throw invalid(`${at} is a ${typeof node}; JSON can only store data (objects, lists, strings, numbers, booleans, null)`);
      default:
        break;
    }
    if (node === null) return;
    const object = node as object;
    if (ancestors.has(object)) throw invalid(`${at} refers back to one of its parents (a cycle); JSON cannot store cycles`);
    if (object instanceof Date && Number.isNaN(object.getTime())) throw invalid(`${at} is an invalid Date; JSON would store it as null. Store a valid Date, an ISO string or null`);
    if (depth > MAX_JSON_DEPTH) throw invalid(`${label} nests deeper than ${MAX_JSON_DEPTH} levels (objects and lists); flatten it`);
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const replaced: unknown = toJSON.call(object);
      if (replaced !== object) {
        ancestors.add(object);
        visit(replaced, at, depth);
        ancestors.delete(object);
        return;
      }
    }
    ancestors.add(object);
    if (Array.isArray(object)) {
      object.forEach((item, i) => visit(item, `${at}[${i}]`, depth + 1));
    } else {
      const proto: unknown = Object.getPrototypeOf(object);
      if (proto !== Object.prototype && proto !== null) {
        const kind = (object.constructor as { name?: string } | undefined)?.name || 'non-plain object';
        throw invalid(`${at} is a ${kind}; convert it to a plain object or a list before storing it`);
      }
      for (const [key, child] of Object.entries(object)) visit(child, `${at}.${key}`, depth + 1);
    }
    ancestors.delete(object);
  };
  visit(value, label, 1 + levelsAbove);
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', `${message}. Nothing was written.`, { provider: 'json' });
}
