import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { fromFsError } from '../errors/from-fs-error';
import { StorageError } from '../errors/storage-error';

/** What {@link loadStorageConfig} accepts: a YAML file path or `file:` URL, YAML text, or an object. */
export type ConfigSource = string | URL | Record<string, unknown>;

/** The raw tree of a source and a label for messages (a file name, `YAML text` or `object`). */
export interface RawConfig {
  tree: unknown;
  origin: string;
}

const YAML_FILE = /\.(ya?ml|json)$/i;

/**
 * A string is a file path when it is one line and either ends in `.yaml`, `.yml`, `.json`
 * or names an existing file; anything else is YAML text.
 */
async function isFilePath(source: string): Promise<boolean> {
  if (source.includes('\n') || source.trim() === '') return false;
  if (YAML_FILE.test(source.trim())) return true;
  try {
    return (await stat(source)).isFile();
  } catch {
    return false;
  }
}

/** Reads a source into a raw tree, without resolving or validating anything. */
export async function readConfigSource(source: ConfigSource): Promise<RawConfig> {
  if (source instanceof URL || (typeof source === 'string' && (await isFilePath(source)))) {
    const path = source instanceof URL ? fileURLToPath(source) : source.trim();
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const mapped = fromFsError(error, path, 'config');
      throw new StorageError(mapped.code, `Config file ${mapped.message} Pass the path of a YAML file with a storage: section.`, { provider: 'config', key: path });
    }
    return { tree: parseYaml(text, path), origin: path };
  }
  if (typeof source === 'string') return { tree: parseYaml(source, 'YAML text'), origin: 'YAML text' };
  if (typeof source === 'object' && source !== null && !Array.isArray(source)) return { tree: source, origin: 'object' };
  throw new StorageError('INVALID_ARGUMENT', 'A storage config must be a YAML file path, YAML text or an object shaped like the storage: section.', { provider: 'config' });
}

/** Parses YAML text; a syntax error names its line and column only (the line may hold a secret). */
export function parseYaml(text: string, origin: string): unknown {
  const document = parseText(text, origin);
  const first = document.errors[0];
  if (first) {
    const where = first.linePos?.[0];
    const at = where ? `line ${where.line}, column ${where.col}` : `offset ${first.pos[0]}`;
    throw new StorageError('INVALID_ARGUMENT', `The storage config (${origin}) is not valid YAML at ${at} (${first.code}): fix the syntax there and load it again.`, {
      provider: 'config',
      details: { line: where?.line, column: where?.col, yamlCode: first.code },
    });
  }
  let tree: unknown;
  try {
    tree = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws a ReferenceError once expanding aliases passes maxAliasCount (a "billion laughs" document).
    if (error instanceof ReferenceError) {
      throw new StorageError('INVALID_ARGUMENT', `The storage config (${origin}) expands YAML aliases too often (more than ${MAX_ALIAS_COUNT} nodes through *aliases): write the repeated values out or share fewer of them.`, {
        provider: 'config',
      });
    }
    throw tooDeep(origin, error);
  }
  checkConfigDepth(tree, origin);
  return tree;
}

/** Nodes reachable through aliases when a document is expanded; beyond it the document is refused. */
export const MAX_ALIAS_COUNT = 100;

/** Nesting levels a config may have (mappings and sequences); deeper ones are refused. */
export const MAX_CONFIG_DEPTH = 64;

/**
 * Whether `error` is the engine running out of stack: a RangeError, or on newer V8 (Node 24)
 * sometimes another error raised while the stack was exhausted, such as a SyntaxError from
 * compiling a regular expression.
 */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof Error && /Maximum call stack size exceeded/.test(error.message));
}

/**
 * A rough nesting depth of YAML text, without parsing: the deepest run of open brackets
 * outside quotes, or the deepest indentation counted in levels of one space. Only consulted
 * when the parser has already failed, to tell a document too deep to parse from other errors.
 */
function roughDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote = '';
  let indent = 0;
  let lineStart = true;
  for (const c of text) {
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      deepest = Math.max(deepest, indent);
      lineStart = false;
    }
    if (c === '\n') {
      lineStart = true;
      indent = 0;
    } else if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

function tooDeep(origin: string, cause?: unknown): StorageError {
  return new StorageError('INVALID_ARGUMENT', `The storage config (${origin}) is nested more than ${MAX_CONFIG_DEPTH} levels deep: flatten it.`, {
    provider: 'config',
    // A stack overflow says nothing useful and its message is not the config's; keep only its kind.
    ...(isStackOverflow(cause) ? { details: { reason: 'stack overflow while parsing' } } : {}),
  });
}

/** Parses YAML text into a document, turning the parser's stack overflow on deep nesting into INVALID_ARGUMENT. */
function parseText(text: string, origin: string): ReturnType<typeof parseDocument> {
  try {
    return parseDocument(text, { uniqueKeys: true });
  } catch (error) {
    // The yaml composer recurses once per level and has no depth option of its own.
    if (isStackOverflow(error) || roughDepth(text) > MAX_CONFIG_DEPTH) throw tooDeep(origin, error);
    throw error;
  }
}

/**
 * Refuses a tree nested deeper than {@link MAX_CONFIG_DEPTH}, walking it without recursion so
 * that the check itself cannot overflow the stack (everything after it recurses).
 */
export function checkConfigDepth(tree: unknown, origin: string): void {
  const pending: Array<[unknown, number]> = [[tree, 0]];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null || node instanceof Date || seen.has(node)) continue;
    if (depth >= MAX_CONFIG_DEPTH) throw tooDeep(origin);
    seen.add(node);
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
}

/**
 * `{ storage: {...} }` documents, the guide's integrated form `{ agentmap: { storage: {...} } }`
 * and bare sections are all accepted.
 */
export function storageSection(tree: unknown): unknown {
  if (tree === undefined || tree === null) return {};
  if (typeof tree === 'object' && !Array.isArray(tree) && 'agentmap' in tree && !('storage' in tree)) {
    const agentmap = (tree as { agentmap?: unknown }).agentmap;
    if (typeof agentmap === 'object' && agentmap !== null && !Array.isArray(agentmap) && 'storage' in agentmap) return (agentmap as { storage?: unknown }).storage ?? {};
  }
  if (typeof tree === 'object' && !Array.isArray(tree) && 'storage' in tree) return tree.storage ?? {};
  return tree;
}
