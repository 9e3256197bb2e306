import { createHash } from 'node:crypto';
import { StorageError } from '@agentmap/storage-core';
import type { VectorMetadata } from '../spec/vector-store';

/**
 * What the vector service accepts: the guide's `{ id, text, metadata }`, a record with its own
 * `vector`, or a chunk from `@agentmap/storage-file` (`{ pageContent, metadata }`).
 */
export interface VectorDocument {
  id?: string;
  text?: string;
  pageContent?: string;
  vector?: readonly number[] | Float32Array;
  embedding?: readonly number[] | Float32Array;
  metadata?: Record<string, unknown>;
}

export interface NormalisedDocument {
  id: string;
  text: string | undefined;
  vector: readonly number[] | Float32Array | undefined;
  metadata: VectorMetadata | undefined;
}

/**
 * Normalises one or many documents. A document without an id gets one from its content (a
 * SHA-256 of text and metadata), so ingesting the same chunks twice replaces them instead of
 * storing them twice.
 */
export function normaliseDocuments(data: unknown, documentId: string | undefined, provider: string): NormalisedDocument[] {
  const list = Array.isArray(data) ? data : [data];
  if (documentId !== undefined && list.length !== 1) {
    throw new StorageError('INVALID_ARGUMENT', 'A documentId names one document; write a list without it (each with its own id) instead.', { provider });
  }
  return list.map((doc: unknown, i) => {
    if (typeof doc === 'string') return { id: documentId ?? contentId(doc, undefined), text: doc, vector: undefined, metadata: undefined };
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new StorageError('INVALID_ARGUMENT', `documents[${i}] must be { id?, text, metadata? }, { pageContent, metadata } or a string.`, { provider });
    }
    const d = doc as VectorDocument;
    const text = d.text ?? d.pageContent;
    if (text !== undefined && typeof text !== 'string') throw new StorageError('INVALID_ARGUMENT', `documents[${i}].text must be a string.`, { provider });
    const vector = d.vector ?? d.embedding;
    if (text === undefined && vector === undefined) {
      throw new StorageError('INVALID_ARGUMENT', `documents[${i}] has neither text nor a vector; give it text to embed or its own vector.`, { provider });
    }
    const id = documentId ?? d.id ?? contentId(text ?? '', d.metadata);
    return { id, text, vector, metadata: d.metadata as VectorMetadata | undefined };
  });
}

function contentId(text: string, metadata: unknown): string {
  return createHash('sha256')
    .update(text)
    .update('\u0000')
    .update(JSON.stringify(metadata ?? {}))
    .digest('hex')
    .slice(0, 32);
}
