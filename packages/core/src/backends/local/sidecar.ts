import { readFile } from 'node:fs/promises';

/** Content type and user metadata of one version of a local object. */
export interface Sidecar {
  /** The etag of the version this describes; a sidecar for another version is ignored. */
  etag: string;
  contentType?: string;
  metadata?: Record<string, string>;
}

/** Reads a sidecar; missing or unreadable ones count as absent (they are advisory). */
export async function readSidecar(path: string): Promise<Sidecar | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Sidecar;
    return typeof parsed?.etag === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
