import type { Metadata } from './filter';

export type Metric = 'cosine' | 'dotproduct' | 'euclidean';

export interface StoredVector {
  id: string;
  values: number[];
  metadata?: Metadata;
}

export interface IndexState {
  name: string;
  dimension: number;
  metric: Metric;
  spec: { serverless: { cloud: string; region: string } };
  deletionProtection: 'enabled' | 'disabled';
  tags?: Record<string, string>;
  /** Namespace name -> records by id. A namespace exists once created or written to. */
  namespaces: Map<string, Map<string, StoredVector>>;
}

/** Limits from the reference and Pinecone's published limits. */
export const LIMITS = {
  maxUpsertVectors: 1000,
  maxRequestBytes: 2 * 1024 * 1024,
  maxMetadataBytes: 40 * 1024,
  maxIdLength: 512,
  maxDimension: 20_000,
  maxTopK: 10_000,
  /** topK when metadata or values are returned. */
  maxTopKWithData: 1000,
  maxDeleteIds: 1000,
  maxFetchIds: 1000,
  indexName: /^[a-z0-9](?:[a-z0-9-]{0,43}[a-z0-9])?$/,
} as const;

/** The score Pinecone reports for each metric: cosine similarity, the inner product, the squared euclidean distance. */
export function score(metric: Metric, a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  let d2 = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
    d2 += (x - y) * (x - y);
  }
  if (metric === 'dotproduct') return dot;
  if (metric === 'euclidean') return d2;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
