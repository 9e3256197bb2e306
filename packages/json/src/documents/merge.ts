import { type JsonObject, isJsonObject, setOwn } from './own';

/**
 * AgentMap's update merge: nested objects merge key by key; arrays, scalars and `null`
 * replace. Returns a new value and never mutates `base` (it may be shared with a cache).
 */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isJsonObject(base) || !isJsonObject(patch)) return patch;
  const out: JsonObject = { ...base };
  for (const key of Object.keys(patch)) {
    const next = patch[key];
    setOwn(out, key, Object.hasOwn(base, key) ? deepMerge(base[key], next) : next);
  }
  return out;
}
