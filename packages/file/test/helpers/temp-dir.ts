import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp folder, and a function that removes it. */
export function tempDir(label: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `agentmap-file-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Every file and link below `root` (internal files included), as sorted relative paths. */
export function filesBelow(root: string): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile() || d.isSymbolicLink())
    .map((d) => join(d.parentPath, d.name).slice(root.length + 1))
    .sort();
}
