import type { ObjectInfo } from '@agentmap/storage-core';
import { normaliseMetadata } from '@agentmap/storage-core/kit';

/** The fields HeadObject and GetObject answers share. */
export interface S3ObjectHeaders {
  ContentLength?: number;
  ContentRange?: string;
  ETag?: string;
  LastModified?: Date;
  ContentType?: string;
  Metadata?: Record<string, string>;
  StorageClass?: string;
}

/** ObjectInfo from a HeadObject or GetObject answer; a ranged answer still reports the whole size. */
export function infoFromHeaders(key: string, out: S3ObjectHeaders): ObjectInfo {
  return {
    key,
    size: totalSize(out),
    etag: out.ETag ?? '',
    lastModified: out.LastModified ?? new Date(),
    ...(out.ContentType === undefined ? {} : { contentType: out.ContentType }),
    metadata: normaliseMetadata(out.Metadata),
    // S3 leaves the header out for STANDARD.
    storageClass: out.StorageClass ?? 'STANDARD',
  };
}

function totalSize(out: S3ObjectHeaders): number {
  const total = out.ContentRange ? /\/(\d+)\s*$/.exec(out.ContentRange)?.[1] : undefined;
  return total === undefined ? (out.ContentLength ?? 0) : Number(total);
}
