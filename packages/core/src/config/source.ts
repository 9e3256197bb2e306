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
  const document = parseDocument(text, { uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const where = first.linePos?.[0];
    const at = where ? `line ${where.line}, column ${where.col}` : `offset ${first.pos[0]}`;
    throw new StorageError('INVALID_ARGUMENT', `The storage config (${origin}) is not valid YAML at ${at} (${first.code}): fix the syntax there and load it again.`, {
      provider: 'config',
      details: { line: where?.line, column: where?.col, yamlCode: first.code },
    });
  }
  return document.toJS({ maxAliasCount: 100 });
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
