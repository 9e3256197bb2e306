import type { VectorMetric } from '../spec/vector-store';

/**
 * Turns a database's raw number into our score, "higher is closer" everywhere:
 * cosine similarity clamped to [0, 1]; cosine *distance* `d` (1 − similarity) likewise;
 * the inner product as it is for `dot`; `1 / (1 + d)` for a euclidean distance `d`.
 */
export const scoreFrom = {
  cosineSimilarity: (similarity: number): number => Math.min(1, Math.max(0, similarity)),
  cosineDistance: (distance: number): number => Math.min(1, Math.max(0, 1 - distance)),
  dot: (product: number): number => product,
  /** `squared`: the database reports the squared distance (LanceDB's `l2`). */
  euclidean: (distance: number, squared = false): number => 1 / (1 + (squared ? Math.sqrt(Math.max(0, distance)) : distance)),
} as const;

export const ALL_METRICS: readonly VectorMetric[] = ['cosine', 'dot', 'euclidean'];
