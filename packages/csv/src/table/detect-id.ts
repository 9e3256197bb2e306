/**
 * The id column AgentMap picks for a header: a column named `id` in any case; else the first
 * column (in header order) whose name ends in `_id`; else the first that starts with `id_`
 * (both case-insensitive). `identity`, `uuid` or `ID2` are not ids. `undefined` when none.
 */
export function detectIdField(columns: readonly string[]): string | undefined {
  const lower = columns.map((c) => c.toLowerCase());
  const at = [lower.indexOf('id'), lower.findIndex((c) => c.endsWith('_id')), lower.findIndex((c) => c.startsWith('id_'))].find((i) => i >= 0);
  return at === undefined ? undefined : columns[at];
}
