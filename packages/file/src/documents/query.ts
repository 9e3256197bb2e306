import { QUERY_CONTROL_KEYS, compileQuery, runCompiled } from '@agentmap/storage-core';
import { fileError } from '../errors';
import type { DocumentQuery } from '../options';
import type { FileDocument } from './document';

const metadataOf = (document: FileDocument, field: string): unknown => document.metadata[field];

/**
 * Applies a document query. With `documentIndex`, returns the document at that position (or
 * `undefined` past the end, or when it does not match the metadata filter); otherwise the
 * documents matching the filter, sorted and paged as the query says.
 */
export function queryDocuments(documents: FileDocument[], query: DocumentQuery): FileDocument | FileDocument[] | undefined {
  if (query === null || typeof query !== 'object' || Array.isArray(query)) {
    throw fileError('INVALID_ARGUMENT', `A document query must be an object like { documentIndex: 2 } or { metadata: { page: 1 } }; got ${Array.isArray(query) ? 'an array' : typeof query}.`);
  }
  const { documentIndex, document_index, metadata, ...rest } = query;
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) {
    throw fileError('INVALID_ARGUMENT', `query.metadata must be an object of metadata fields, like { page: 1 }; got ${JSON.stringify(metadata)}.`);
  }
  const compiled = compileQuery<FileDocument>({ ...rest, ...metadata }, { get: metadataOf });
  const index = documentIndex ?? document_index;
  if (index === undefined) return runCompiled(documents, compiled, metadataOf);
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    throw fileError('INVALID_ARGUMENT', `documentIndex must be a non-negative whole number; got ${JSON.stringify(index)}.`);
  }
  const hasPaging = QUERY_CONTROL_KEYS.some((k) => rest[k] !== undefined);
  if (hasPaging) throw fileError('INVALID_ARGUMENT', 'documentIndex picks one document; leave out limit, offset, sort and order.');
  const picked = documents[index];
  return picked !== undefined && compiled.filter(picked) ? picked : undefined;
}
