import { StorageError } from '@agentmap/storage-core';

/**
 * Checks what a model returned before anything is stored: one vector per text, every
 * number finite, every vector of the expected dimension. A model that breaks these rules
 * is `CORRUPT_DATA` (retrying will not help; the model or the server is wrong).
 */
export function checkEmbeddings(vectors: unknown, count: number, model: string, dimensions: number | undefined): number[][] {
  const fail = (what: string) => new StorageError('CORRUPT_DATA', `The embedding model "${model}" ${what}; check the model and the server it runs on.`, { provider: 'embedder' });
  if (!Array.isArray(vectors) || vectors.length !== count) throw fail(`returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${count} texts`);
  let dims = dimensions;
  return vectors.map((vector: unknown, i) => {
    if (!Array.isArray(vector) && !(vector instanceof Float32Array) && !(vector instanceof Float64Array)) throw fail(`returned a vector that is not a list of numbers (text ${i})`);
    const v = Array.from(vector as ArrayLike<unknown>);
    if (v.length === 0 || (dims !== undefined && v.length !== dims)) throw fail(`returned a vector of ${v.length} dimensions for text ${i}, expected ${dims ?? 'at least 1'}`);
    dims = v.length;
    if (!v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw fail(`returned a vector with NaN, Infinity or non-numbers for text ${i}`);
    return v as number[];
  });
}

export function checkTexts(texts: unknown, provider: string): string[] {
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string')) {
    throw new StorageError('INVALID_ARGUMENT', 'embed takes a list of strings.', { provider });
  }
  return texts;
}
