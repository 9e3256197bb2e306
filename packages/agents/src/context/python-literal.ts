/**
 * A parser for the literals graph CSVs carry in their context column: JSON, or Python's
 * `{'collection': 'users', 'limit': 5}` with `True`/`False`/`None`. JSON's `true`/`false`/
 * `null` are accepted inside Python literals too, since hand-written graphs mix them.
 * Nothing is evaluated: only dicts, lists, tuples, strings, numbers and the constants.
 */

/** Why a literal could not be read, with the 0-based offset of the problem. */
export class LiteralSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'LiteralSyntaxError';
  }
}

const MAX_DEPTH = 64;
const CONSTANTS: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', '\\': '\\', "'": "'", '"': '"', '/': '/' };

/** Parses one literal; the whole text must be consumed. */
export function parsePythonLiteral(text: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new LiteralSyntaxError(`${what} at character ${at + 1}`, at);
  };
  const space = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };

  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    space();
    const c = text[at];
    if (c === undefined) return fail('unexpected end');
    if (c === '{') return dict(depth);
    if (c === '[') return list(depth, ']');
    if (c === '(') return list(depth, ')');
    if (c === "'" || c === '"') return string(c);
    if (/[-+.\d]/.test(c)) return number();
    const word = /^[A-Za-z_]\w*/.exec(text.slice(at))?.[0];
    if (word !== undefined && word in CONSTANTS) {
      at += word.length;
      return CONSTANTS[word];
    }
    return fail(word ? `unknown name ${word} (use True, False or None, or quote it)` : `unexpected ${JSON.stringify(c)}`);
  };

  const dict = (depth: number): Record<string, unknown> => {
    at++;
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    space();
    while (text[at] !== '}') {
      const key = value(depth + 1);
      if (typeof key !== 'string' && typeof key !== 'number') fail('a dict key must be a string or a number');
      space();
      if (text[at] !== ':') fail('expected ":"');
      at++;
      out[String(key)] = value(depth + 1);
      if (!separator('}')) break;
    }
    at++;
    return { ...out };
  };

  const list = (depth: number, close: string): unknown[] => {
    at++;
    const out: unknown[] = [];
    space();
    while (text[at] !== close) {
      out.push(value(depth + 1));
      if (!separator(close)) break;
    }
    at++;
    return out;
  };

  /** After an item: a comma (a trailing one is allowed) or the closing bracket. */
  const separator = (close: string): boolean => {
    space();
    if (text[at] === ',') {
      at++;
      space();
      return text[at] !== close;
    }
    if (text[at] !== close) fail(`expected "," or "${close}"`);
    return false;
  };

  const string = (quote: string): string => {
    at++;
    let out = '';
    while (text[at] !== quote) {
      const c = text[at];
      if (c === undefined) fail('unterminated string');
      if (c === '\\') {
        const e = text[at + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
          out += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
          at += 6;
          continue;
        }
        out += e !== undefined && e in ESCAPES ? ESCAPES[e] : `\\${e ?? ''}`;
        at += 2;
        continue;
      }
      out += c;
      at++;
    }
    at++;
    return out;
  };

  const number = (): number => {
    const m = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/.exec(text.slice(at));
    if (!m) return fail('malformed number');
    at += m[0].length;
    return Number(m[0].replace(/_/g, ''));
  };

  const result = value(0);
  space();
  if (at < text.length) fail('unexpected text after the value');
  return result;
}
