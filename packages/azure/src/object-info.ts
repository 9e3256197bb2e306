import type { ObjectInfo } from '@agentmap/storage-core';
import { decodeMetadata } from './metadata';

/** The properties every SDK answer about a blob carries (download, getProperties). */
export interface BlobProperties {
  etag?: string;
  lastModified?: Date;
  contentLength?: number;
  contentType?: string;
  metadata?: Record<string, string>;
  /** `bytes 5-8/20` on ranged downloads: the total after the slash is the object's size. */
  contentRange?: string;
  accessTier?: string;
}

/** Turns SDK properties into an {@link ObjectInfo}; `size` is the whole object's, also for ranged reads. */
export function objectInfo(key: string, properties: BlobProperties): ObjectInfo {
  const total = properties.contentRange ? Number(properties.contentRange.split('/')[1]) : Number.NaN;
  return {
    key,
    size: Number.isFinite(total) ? total : (properties.contentLength ?? 0),
    etag: properties.etag ?? '',
    lastModified: properties.lastModified ?? new Date(0),
    contentType: properties.contentType ?? 'application/octet-stream',
    metadata: decodeMetadata(properties.metadata),
    ...(properties.accessTier ? { storageClass: properties.accessTier } : {}),
  };
}
