import { readFileSync } from 'node:fs';

/** Content type and user metadata of one version of a local object. */
export interface Sidecar {
  /** The etag of the version this describes; a sidecar for another version is ignored. */
  etag: string;
  contentType?: string;
  metadata?: Record<string, string>;
}

/**
 * Reads a sidecar; missing or unreadable ones count as absent (they are advisory). A sidecar
 * is a few hundred bytes on the local disk: read synchronously, which costs microseconds
 * where a trip through the thread pool costs tens of them.
 */
export function readSidecar(path: string): Sidecar | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Sidecar;
    return typeof parsed?.etag === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
