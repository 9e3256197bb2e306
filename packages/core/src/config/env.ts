import type { ConfigIssue } from './issues';
import { formatPath } from './issues';
import { isSecretKey } from './secrets';
import { SIZE_KEYS, tryParseSize } from './size';

/** Where `env:` references are looked up; `process.env` unless a loader is given another. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

const ENV_REF = /^env:([^:]*)(?::([\s\S]*))?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A parsed `env:VAR` or `env:VAR:default` reference. */
export interface EnvReference {
  name: string;
  fallback: string | undefined;
}

/** Parses `env:VAR` / `env:VAR:default`; `undefined` when the string is not a reference. */
export function parseEnvReference(value: string): EnvReference | undefined {
  const match = ENV_REF.exec(value);
  if (!match) return undefined;
  return { name: match[1] ?? '', fallback: match[2] };
}

/**
 * Resolves one `env:VAR` / `env:VAR:default` string (for config sections passed in by hand,
 * not through the loader). Other strings come back as they are; an unset variable without a
 * default comes back `undefined`, so the caller can say which setting needs it.
 */
export function resolveEnvValue(value: string, env: EnvSource = process.env): string | undefined {
  const reference = parseEnvReference(value);
  if (!reference) return value;
  const current = env[reference.name];
  return current !== undefined && current !== '' ? current : reference.fallback;
}

/**
 * Resolves `env:` references in every string value, and sizes (`"100MB"`) under the keys of
 * {@link SIZE_KEYS}, returning a new tree. A variable that is unset or empty takes the
 * default after the second colon; without one it is an issue naming the variable to set.
 * Issues never contain values.
 */
export function resolveValues(tree: unknown, env: EnvSource, issues: ConfigIssue[]): unknown {
  return visit(tree, [], env, issues);
}

function visit(node: unknown, path: PropertyKey[], env: EnvSource, issues: ConfigIssue[]): unknown {
  if (typeof node === 'string') return resolveString(node, path, env, issues);
  if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index], env, issues));
  if (typeof node !== 'object' || node === null || node instanceof Date) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = visit(value, [...path, key], env, issues);
  return out;
}

function resolveString(value: string, path: PropertyKey[], env: EnvSource, issues: ConfigIssue[]): unknown {
  let resolved: string | undefined = value;
  const reference = parseEnvReference(value);
  if (reference) resolved = resolveReference(reference, path, env, issues);
  const key = path[path.length - 1];
  if (resolved !== undefined && typeof key === 'string' && SIZE_KEYS.has(key)) {
    const bytes = tryParseSize(resolved);
    if (bytes === undefined) {
      issues.push({ path: formatPath(path), message: 'expected a size: a byte count or a string such as "100MB" (units B, KB, MB, GB, TB)' });
      return resolved;
    }
    return bytes;
  }
  return resolved;
}

function resolveReference(reference: EnvReference, path: PropertyKey[], env: EnvSource, issues: ConfigIssue[]): string | undefined {
  if (!ENV_NAME.test(reference.name)) {
    issues.push({ path: formatPath(path), message: 'is an env reference without a valid variable name: write env:VAR or env:VAR:default (VAR of letters, digits and _)' });
    return undefined;
  }
  const current = env[reference.name];
  if (current !== undefined && current !== '') return current;
  if (reference.fallback !== undefined) return reference.fallback;
  const key = path[path.length - 1];
  const secret = typeof key === 'string' && isSecretKey(key);
  issues.push({
    path: formatPath(path),
    message: secret
      ? `needs the environment variable ${reference.name}, which is not set: set ${reference.name} in the environment (it holds a secret, so keep it out of the file)`
      : `needs the environment variable ${reference.name}, which is not set: set ${reference.name}, or give a default as env:${reference.name}:<value>`,
  });
  return undefined;
}
