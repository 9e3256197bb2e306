import { StorageError } from '../errors/storage-error';
import { isWellFormed } from '../keys/validate-key';
import type { DocumentId } from '../spec/service';
import { textOf } from './query';

/**
 * Whether a stored id and a requested id name the same document: `123`, `"123"` and
 * `"123.0"` match a stored `123`; strings compare exactly otherwise.
 */
export function idsEqual(stored: unknown, requested: DocumentId): boolean {
  if (stored === requested) return true;
  if (stored === null || stored === undefined) return false;
  if (typeof stored === 'number' || typeof requested === 'number') {
    const a = typeof stored === 'number' ? stored : numericOrNaN(textOf(stored));
    const b = typeof requested === 'number' ? requested : numericOrNaN(requested);
    return !Number.isNaN(a) && a === b;
  }
  return textOf(stored) === String(requested);
}

function numericOrNaN(s: string): number {
  const t = s.trim();
  return t === '' ? NaN : Number(t);
}

/** Checks a document id and returns its string form (object keys are strings). */
export function normaliseId(id: unknown, provider?: string): string {
  if (typeof id === 'number') {
    if (!Number.isFinite(id)) throw new StorageError('INVALID_ARGUMENT', `A document id must be a finite number or a string; got ${id}.`, { provider });
    return String(id);
  }
  if (typeof id !== 'string') {
    throw new StorageError('INVALID_ARGUMENT', `A document id must be a string or a number; got ${id === null ? 'null' : typeof id}.`, { provider });
  }
  if (id.length === 0) throw new StorageError('INVALID_ARGUMENT', 'A document id must not be empty.', { provider });
   
  if (/[\u0000]/.test(id)) throw new StorageError('INVALID_ARGUMENT', 'A document id must not contain NUL bytes.', { provider });
  if (!isWellFormed(id)) {
    // Stored as UTF-8, every lone surrogate becomes U+FFFD: two such ids would name one document.
    throw new StorageError('INVALID_ARGUMENT', `A document id must be well-formed text; ${JSON.stringify(id)} holds a lone UTF-16 surrogate.`, { provider });
  }
  if (/[\u0080-\u009f]/.test(id)) throw new StorageError('INVALID_ARGUMENT', `A document id must not contain C1 control characters; got ${JSON.stringify(id)}.`, { provider });
  return id;
}
