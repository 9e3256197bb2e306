import { invalid } from '../errors';
import { LiteralSyntaxError, parsePythonLiteral } from './python-literal';

/** Where a context string came from, for error messages. */
export interface ContextOrigin {
  graph: string;
  node: string;
}

/**
 * Reads a node's context column. Empty: `{}`. Text starting with `{`: a JSON object or a
 * Python dict literal (`{'collection': 'users', 'limit': 5}`, `True`/`False`/`None`); anything
 * else that starts with `{` is `INVALID_ARGUMENT` naming the graph and node. Other text is a
 * description, kept as `{ description }`, as the guide's "Read from Azure" contexts are.
 */
export function parseContext(raw: string | undefined, origin: ContextOrigin): Record<string, unknown> {
  const text = (raw ?? '').trim();
  if (text === '') return {};
  if (!text.startsWith('{')) return { description: text };
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the Python literal form the guide writes.
  }
  try {
    const parsed = parsePythonLiteral(text);
    return parsed as Record<string, unknown>;
  } catch (error) {
    const why = error instanceof LiteralSyntaxError ? error.message : String(error);
    const shown = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    throw invalid(
      `Graph "${origin.graph}", node "${origin.node}": its context ${JSON.stringify(shown)} is neither JSON nor a Python dict literal (${why}). ` +
        `Write it as {"collection": "users", "limit": 5} or {'collection': 'users', 'limit': 5}.`,
    );
  }
}
