import type { PutOptions } from '@agentmap/storage-core';
import { normaliseMetadata } from '@agentmap/storage-core/kit';

/** The metadata part of an object resource, as a write sends it. */
export interface WriteMetadata {
  contentType: string;
  metadata: Record<string, string>;
  storageClass?: string;
}

/** What a write sends as the object's metadata: content type, user metadata (keys lower-case), storage class. */
export function objectMetadata(options: Pick<PutOptions, 'contentType' | 'metadata'>, storageClass: string | undefined): WriteMetadata {
  return {
    contentType: options.contentType ?? 'application/octet-stream',
    metadata: normaliseMetadata(options.metadata),
    ...(storageClass ? { storageClass } : {}),
  };
}

/** User metadata as stored: keys lower-case, values strings. */
export function metadataOf(resource: { metadata?: Record<string, unknown> | null }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(resource.metadata ?? {})) {
    if (v !== null && v !== undefined) out[k.toLowerCase()] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}
