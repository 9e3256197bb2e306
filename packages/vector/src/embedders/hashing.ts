import { StorageError } from '@agentmap/storage-core';
import { validateOptions } from '@agentmap/storage-core/kit';
import type { Embedder } from '../spec/embedder';
import { checkTexts } from './check-output';

export interface HashingEmbedderOptions {
  /** Vector length (default 256). `INVALID_ARGUMENT` outside 8–65,536. */
  dimensions?: number;
  /** Also hash character trigrams of each word, so "workflows" is near "workflow" (default true). */
  trigrams?: boolean;
}

/**
 * An offline, deterministic embedder: words (lower-cased, Unicode letters and digits) and
 * their character trigrams are hashed into signed buckets, then the vector is normalised to
 * length 1. Texts sharing words score high on cosine. No model, no network: the default for
 * demos and tests. An empty text is `INVALID_ARGUMENT` (it has no direction).
 */
export function createHashingEmbedder(options: HashingEmbedderOptions = {}): Embedder {
  const given: unknown = options;
  validateOptions(given, ['dimensions', 'trigrams'], 'createHashingEmbedder', { provider: 'hashing' });
  const dimensions = options.dimensions ?? 256;
  if (!Number.isInteger(dimensions) || dimensions < 8 || dimensions > 65_536) {
    throw new StorageError('INVALID_ARGUMENT', `createHashingEmbedder: dimensions must be a whole number from 8 to 65536; got ${String(dimensions)}.`, { provider: 'hashing' });
  }
  const trigrams = options.trigrams ?? true;
  return {
    model: `hashing-${dimensions}`,
    dimensions,
    maxBatch: 10_000,
    embed(texts) {
      // Failures reject the promise, as a remote embedder's would.
      return Promise.resolve().then(() => checkTexts(texts, 'hashing').map((text, i) => embedOne(text, i, dimensions, trigrams)));
    },
  };
}

function embedOne(text: string, index: number, dimensions: number, trigrams: boolean): number[] {
  const out = new Float64Array(dimensions);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature);
    // The top bit picks the sign, so unrelated features cancel out on average instead of piling up.
    out[(h & 0x7fffffff) % dimensions]! += h & 0x80000000 ? -weight : weight;
  };
  for (const word of words) {
    add(`w:${word}`, 1);
    if (trigrams && word.length > 3) {
      const padded = `<${word}>`;
      for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 0.25);
    }
  }
  if (words.length === 0) for (const ch of text.trim()) add(`c:${ch}`, 1);
  let norm = 0;
  for (const x of out) norm += x * x;
  if (norm === 0) {
    throw new StorageError('INVALID_ARGUMENT', `texts[${index}] is empty; there is nothing to embed.`, { provider: 'hashing' });
  }
  const scale = 1 / Math.sqrt(norm);
  return Array.from(out, (x) => x * scale);
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms and versions. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
