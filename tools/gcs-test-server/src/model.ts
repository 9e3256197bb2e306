/** What the server keeps about one live object (the bucket keeps no noncurrent versions). */
export interface StoredObject {
  name: string;
  bucket: string;
  data: Buffer;
  generation: bigint;
  metageneration: bigint;
  contentType: string;
  metadata?: Record<string, string>;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  storageClass: string;
  kmsKeyName?: string;
  md5Hash: string;
  crc32c: string;
  timeCreated: Date;
  updated: Date;
}

export interface StoredBucket {
  name: string;
  projectNumber: string;
  location: string;
  storageClass: string;
  defaultKmsKeyName?: string;
  timeCreated: Date;
  updated: Date;
  metageneration: bigint;
  objects: Map<string, StoredObject>;
}

/** The writable fields an upload or rewrite may set on an object. */
export interface ObjectFields {
  contentType?: string;
  metadata?: Record<string, string>;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  storageClass?: string;
  kmsKeyName?: string;
  md5Hash?: string;
  crc32c?: string;
}

/** An open resumable upload session. */
export interface UploadSession {
  id: string;
  bucket: string;
  name: string;
  fields: ObjectFields;
  /** Preconditions given when the session was started, checked again at commit. */
  conditions: URLSearchParams;
  /** Total size declared by X-Upload-Content-Length or a Content-Range, when known. */
  declaredSize?: number;
  chunks: Buffer[];
  received: number;
  state: 'open' | 'done' | 'failed' | 'cancelled';
  result?: StoredObject;
  /** Why the commit failed (a 412 or a hash mismatch), answered again to later requests. */
  failure?: { status: number; reason: string; message: string };
}
