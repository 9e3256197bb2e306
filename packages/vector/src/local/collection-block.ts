import type { StoredVectorRecord, VectorMatch, VectorMetadata, VectorMetric } from '../spec/vector-store';
import { scoreFrom } from '../shared/scores';
import type { Segment } from './segment';
import { TopK } from './top-k';

/**
 * A collection in memory: every vector in one Float32Array, row after row, with the inverse
 * norm (cosine) or squared norm (euclidean) of each row computed once at load, so a query is
 * one pass of dot products over contiguous memory.
 */
export class CollectionBlock {
  private vectors: Float32Array;
  /** 1/|v| for cosine, |v|² for euclidean, unused for dot. */
  private norms: Float32Array;
  private alive: Uint8Array;
  private readonly ids: string[] = [];
  private readonly texts: Array<string | null> = [];
  private readonly metadata: VectorMetadata[] = [];
  private readonly rowOf = new Map<string, number>();
  private rows = 0;

  constructor(
    readonly dimensions: number,
    readonly metric: VectorMetric,
  ) {
    this.vectors = new Float32Array(dimensions * 64);
    this.norms = new Float32Array(64);
    this.alive = new Uint8Array(64);
  }

  get size(): number {
    return this.rowOf.size;
  }

  /** Rows that hold deleted or replaced records; a reload drops them. */
  get deadRows(): number {
    return this.rows - this.rowOf.size;
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  apply(segment: Segment): void {
    for (const id of segment.deletes) this.remove(id);
    const dims = this.dimensions;
    for (let i = 0; i < segment.ids.length; i++) {
      this.put(segment.ids[i]!, segment.vectors.subarray(i * dims, (i + 1) * dims), segment.texts[i] ?? null, segment.metadata[i] ?? {});
    }
  }

  private put(id: string, vector: Float32Array, text: string | null, metadata: VectorMetadata): void {
    const existing = this.rowOf.get(id);
    // Replacing in place keeps the block dense; only deletes leave dead rows.
    const row = existing ?? this.grow();
    this.vectors.set(vector, row * this.dimensions);
    let sq = 0;
    for (let j = 0; j < vector.length; j++) sq += vector[j]! * vector[j]!;
    this.norms[row] = this.metric === 'cosine' ? (sq > 0 ? 1 / Math.sqrt(sq) : 0) : sq;
    this.texts[row] = text;
    this.metadata[row] = metadata;
    this.ids[row] = id;
    this.alive[row] = 1;
    this.rowOf.set(id, row);
  }

  private remove(id: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    this.rowOf.delete(id);
    this.alive[row] = 0;
    this.texts[row] = null;
    this.metadata[row] = {};
  }

  private grow(): number {
    const row = this.rows++;
    if (row >= this.alive.length) {
      const capacity = this.alive.length * 2;
      const vectors = new Float32Array(capacity * this.dimensions);
      vectors.set(this.vectors);
      this.vectors = vectors;
      const norms = new Float32Array(capacity);
      norms.set(this.norms);
      this.norms = norms;
      const alive = new Uint8Array(capacity);
      alive.set(this.alive);
      this.alive = alive;
    }
    return row;
  }

  /** Exact search: every live row the predicate accepts, scored, the best `limit` kept. */
  search(query: Float32Array, limit: number, threshold: number | undefined, accept: ((metadata: VectorMetadata) => boolean) | undefined, includeVectors: boolean): VectorMatch[] {
    const dims = this.dimensions;
    const vectors = this.vectors;
    const norms = this.norms;
    const alive = this.alive;
    let qsq = 0;
    for (let j = 0; j < dims; j++) qsq += query[j]! * query[j]!;
    const qinv = qsq > 0 ? 1 / Math.sqrt(qsq) : 0;
    const min = threshold ?? -Infinity;
    const top = new TopK(limit);
    const cosine = this.metric === 'cosine';
    const dotMetric = this.metric === 'dot';
    const tail = dims - (dims % 4);
    for (let row = 0; row < this.rows; row++) {
      if (alive[row] === 0) continue;
      if (accept && !accept(this.metadata[row]!)) continue;
      // Four independent sums let the CPU overlap the multiply-adds.
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      const base = row * dims;
      let j = 0;
      for (; j < tail; j += 4) {
        d0 += vectors[base + j]! * query[j]!;
        d1 += vectors[base + j + 1]! * query[j + 1]!;
        d2 += vectors[base + j + 2]! * query[j + 2]!;
        d3 += vectors[base + j + 3]! * query[j + 3]!;
      }
      for (; j < dims; j++) d0 += vectors[base + j]! * query[j]!;
      const dot = d0 + d1 + d2 + d3;
      const score = cosine
        ? scoreFrom.cosineSimilarity(dot * norms[row]! * qinv)
        : dotMetric
          ? dot
          : scoreFrom.euclidean(Math.max(0, norms[row]! + qsq - 2 * dot), true);
      if (score < min || score < top.floor) continue;
      top.push(score, row);
    }
    return top.drain().map(({ row, score }) => this.match(row, score, includeVectors));
  }

  private match(row: number, score: number, includeVector: boolean): VectorMatch {
    const text = this.texts[row];
    return {
      id: this.ids[row]!,
      score,
      ...(text === null || text === undefined ? {} : { text }),
      metadata: { ...this.metadata[row] },
      ...(includeVector ? { vector: this.vectorOf(row) } : {}),
    };
  }

  private vectorOf(row: number): number[] {
    return Array.from(this.vectors.subarray(row * this.dimensions, (row + 1) * this.dimensions));
  }

  get(id: string): StoredVectorRecord | undefined {
    const row = this.rowOf.get(id);
    if (row === undefined) return undefined;
    const text = this.texts[row];
    return { id, vector: this.vectorOf(row), ...(text === null || text === undefined ? {} : { text }), metadata: { ...this.metadata[row] } };
  }

  /** Live ids whose metadata the predicate accepts. */
  matching(accept: (metadata: VectorMetadata) => boolean): string[] {
    const out: string[] = [];
    for (const [id, row] of this.rowOf) if (accept(this.metadata[row]!)) out.push(id);
    return out;
  }

  /** Every live record as one segment (used to compact). */
  toSegment(): Segment {
    const dims = this.dimensions;
    const ids: string[] = [];
    const texts: Array<string | null> = [];
    const metadata: VectorMetadata[] = [];
    const vectors = new Float32Array(this.rowOf.size * dims);
    let i = 0;
    for (const [id, row] of this.rowOf) {
      ids.push(id);
      texts.push(this.texts[row] ?? null);
      metadata.push(this.metadata[row]!);
      vectors.set(this.vectors.subarray(row * dims, (row + 1) * dims), i * dims);
      i++;
    }
    return { ids, texts, metadata, deletes: [], dimensions: dims, vectors };
  }
}
