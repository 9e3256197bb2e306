import type { ListEntry, ObjectEntry } from '../spec/object-info';

/**
 * Turns a sorted stream of objects under `prefix` into a listing with common prefixes, the
 * way cloud stores answer `delimiter`: keys whose remainder (after `prefix`) contains the
 * delimiter collapse into one `{ kind: 'prefix' }` entry, emitted once, in order.
 */
export async function* groupByDelimiter(
  objects: AsyncIterable<ObjectEntry> | Iterable<ObjectEntry>,
  prefix: string,
  delimiter: string | undefined,
): AsyncGenerator<ListEntry> {
  let lastPrefix: string | undefined;
  for await (const entry of objects) {
    if (!delimiter) {
      yield entry;
      continue;
    }
    const at = entry.key.indexOf(delimiter, prefix.length);
    if (at === -1) {
      yield entry;
      continue;
    }
    const common = entry.key.slice(0, at + delimiter.length);
    if (common !== lastPrefix) {
      lastPrefix = common;
      yield { kind: 'prefix', prefix: common };
    }
  }
}
