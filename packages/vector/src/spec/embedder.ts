/** Turns texts into vectors of a fixed dimension. */
export interface Embedder {
  /** Names the model in errors and metrics (`hashing-256`, `text-embedding-3-small`). */
  readonly model: string;
  /** Length of every vector returned; `undefined` until known when the model does not say. */
  readonly dimensions: number | undefined;
  /** Texts per request; the caller's longer lists are split. */
  readonly maxBatch: number;
  /** One vector per text, in order. */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}
