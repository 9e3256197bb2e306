import { StorageError } from '@agentmap/storage-core';
import type { SchemaIssue, SchemaLike } from '../types';

/** A function that throws when a document does not pass the collection's schema. */
export type DocumentValidator = (document: unknown, id: string | undefined) => void;

const accept: DocumentValidator = () => undefined;

/**
 * Turns a schema (zod or anything with `safeParse`) into a validator whose error names the
 * collection, the document and each failing field: `email: Invalid email address`.
 * Documents are stored as given; the schema's output (defaults, stripped keys) is not.
 */
export function schemaValidator(collection: string, schema: SchemaLike | undefined): DocumentValidator {
  if (schema === undefined) return accept;
  if (typeof schema.safeParse !== 'function') {
    throw new StorageError('INVALID_ARGUMENT', `The schema of "${collection}" has no safeParse method; pass a zod schema or an object with safeParse(data).`, { provider: 'json' });
  }
  return (document, id) => {
    const outcome = schema.safeParse(document);
    if (outcome.success) return;
    const issues = outcome.error.issues.map(describeIssue).join('; ');
    const what = id === undefined ? `A document of "${collection}"` : `Document "${id}" of "${collection}"`;
    throw new StorageError('INVALID_ARGUMENT', `${what} does not match its schema: ${issues}. Nothing was written.`, {
      provider: 'json',
      details: { issues: outcome.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })) },
    });
  };
}

function describeIssue(issue: SchemaIssue): string {
  const field = issue.path.map(String).join('.');
  return field === '' ? issue.message : `${field}: ${issue.message}`;
}
