/** A dot path split into its segments (`profile.ssn` -> `['profile', 'ssn']`). */
export function splitPath(path: string): string[] {
  return path.split('.').filter((segment) => segment.length > 0);
}

type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}

/**
 * Applies `transform` to the value at each of `fields` inside `doc` (dot paths, relative to
 * `doc`), returning a copy; absent fields are left absent. `transform` gets the full path.
 */
export function mapFields(doc: unknown, fields: readonly string[], transform: (value: unknown, field: string) => unknown): unknown {
  if (!isPlainObject(doc)) return doc;
  let out: Plain = doc;
  for (const field of fields) {
    const segments = splitPath(field);
    if (!has(out, segments)) continue;
    out = setIn(out, segments, transform(getIn(out, segments), field));
  }
  return out;
}

function has(doc: Plain, segments: string[]): boolean {
  let node: unknown = doc;
  for (const segment of segments) {
    if (!isPlainObject(node) || !Object.hasOwn(node, segment)) return false;
    node = node[segment];
  }
  return node !== undefined;
}

function getIn(doc: Plain, segments: string[]): unknown {
  let node: unknown = doc;
  for (const segment of segments) node = (node as Plain)[segment];
  return node;
}

function setIn(doc: Plain, segments: string[], value: unknown): Plain {
  const [head, ...rest] = segments as [string, ...string[]];
  return { ...doc, [head]: rest.length === 0 ? value : setIn(doc[head] as Plain, rest, value) };
}

/**
 * The encrypted fields that lie at or under `path` (a write's or read's `path` option),
 * relative to it: `path` `profile` and fields `['profile.ssn', 'email']` give `['ssn']`;
 * `path` `email` gives `['']` (the value itself).
 */
export function fieldsUnder(path: string, fields: readonly string[]): { relative: string; field: string }[] {
  const prefix = splitPath(path).join('.');
  const out: { relative: string; field: string }[] = [];
  for (const field of fields) {
    const normal = splitPath(field).join('.');
    if (normal === prefix) out.push({ relative: '', field: normal });
    else if (normal.startsWith(`${prefix}.`)) out.push({ relative: normal.slice(prefix.length + 1), field: normal });
  }
  return out;
}

/** True when `path` lies strictly inside an encrypted field (`ssn.last4` inside `ssn`): such a path cannot be read or written in place. */
export function insideField(path: string, fields: readonly string[]): string | undefined {
  const normal = splitPath(path).join('.');
  return fields.map((field) => splitPath(field).join('.')).find((field) => normal.startsWith(`${field}.`));
}
