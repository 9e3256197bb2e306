import { badRequest } from '../http';
import type { StoredObject } from '../model';

export interface ListPage {
  items: StoredObject[];
  prefixes: string[];
  nextPageToken?: string;
}

interface PageToken {
  /** The last entry returned: an object name, or a prefix. */
  after: string;
  /** True when `after` is a prefix, so every name under it is skipped too. */
  isPrefix: boolean;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * One page of `objects.list`: names in UTF-8 byte order, filtered by `prefix`, `startOffset`
 * (inclusive) and `endOffset` (exclusive); with `delimiter`, names that contain it after the
 * prefix collapse into one entry of `prefixes`. `maxResults` (default and cap 1000) counts
 * items and prefixes together.
 */
export function listPage(objects: ReadonlyMap<string, StoredObject>, query: URLSearchParams, pageCap = Infinity): ListPage {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const startOffset = query.get('startOffset') ?? '';
  const endOffset = query.get('endOffset') ?? '';
  const includeTrailing = query.get('includeTrailingDelimiter') === 'true';
  const max = Math.min(readMaxResults(query.get('maxResults')), pageCap);
  const token = readToken(query.get('pageToken'));

  const names = [...objects.keys()]
    .filter((n) => n.startsWith(prefix) && (startOffset === '' || byteOrder(n, startOffset) >= 0) && (endOffset === '' || byteOrder(n, endOffset) < 0))
    .sort(byteOrder);

  const page: ListPage = { items: [], prefixes: [] };
  let count = 0;
  let last: PageToken | undefined = token;
  for (const name of names) {
    if (last && (byteOrder(name, last.after) <= 0 || (last.isPrefix && name.startsWith(last.after)))) continue;
    const cut = delimiter === '' ? -1 : name.indexOf(delimiter, prefix.length);
    const group = cut === -1 ? undefined : name.slice(0, cut + delimiter.length);
    if (count >= max) {
      // Something remains beyond this page.
      page.nextPageToken = writeToken(last!);
      break;
    }
    if (group !== undefined) {
      page.prefixes.push(group);
      if (includeTrailing && name === group) {
        const object = objects.get(name);
        if (object) page.items.push(object);
      }
      last = { after: group, isPrefix: true };
    } else {
      page.items.push(objects.get(name)!);
      last = { after: name, isPrefix: false };
    }
    count++;
  }
  return page;
}

function readMaxResults(raw: string | null): number {
  if (raw === null || raw === '') return 1000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid value for maxResults: ${raw}`);
  return Math.min(n, 1000);
}

function writeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function readToken(raw: string | null): PageToken | undefined {
  if (raw === null || raw === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageToken;
    if (typeof parsed.after !== 'string' || typeof parsed.isPrefix !== 'boolean') throw new Error('bad token');
    return parsed;
  } catch {
    throw badRequest('Invalid page token.');
  }
}
