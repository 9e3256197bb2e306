import { StorageError } from '@agentmap/storage-core';

/**
 * Checks that `value` survives JSON unchanged, so nothing is silently dropped or turned into
 * `null` on the way to disk. Rejects functions, symbols, BigInt, NaN and Infinity, cycles,
 * and objects JSON cannot represent (Map, Set, class instances…). Objects with `toJSON`
 * (such as Date) are checked through what `toJSON` returns. `undefined` object properties
 * are allowed and dropped, as JSON does. `label` names the value in messages.
 */
export function assertSerialisable(value: unknown, label: string): void {
  if (value === undefined) throw invalid(`${label} is undefined; there is nothing to store`);
  const ancestors = new Set<object>();
  const visit = (node: unknown, at: string): void => {
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
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const replaced: unknown = toJSON.call(object);
      if (replaced !== object) {
        ancestors.add(object);
        visit(replaced, at);
        ancestors.delete(object);
        return;
      }
    }
    ancestors.add(object);
    if (Array.isArray(object)) {
      object.forEach((item, i) => visit(item, `${at}[${i}]`));
    } else {
      const proto: unknown = Object.getPrototypeOf(object);
      if (proto !== Object.prototype && proto !== null) {
        const kind = (object.constructor as { name?: string } | undefined)?.name || 'non-plain object';
        throw invalid(`${at} is a ${kind}; convert it to a plain object or a list before storing it`);
      }
      for (const [key, child] of Object.entries(object)) visit(child, `${at}.${key}`);
    }
    ancestors.delete(object);
  };
  visit(value, label);
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', `${message}. Nothing was written.`, { provider: 'json' });
}
