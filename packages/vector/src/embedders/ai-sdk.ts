import { StorageError } from '@agentmap/storage-core';
import type { Embedder } from '../spec/embedder';
import { checkEmbeddings, checkTexts } from './check-output';

/**
 * The part of the AI SDK's `EmbeddingModel` we use, typed structurally so this package does
 * not depend on `ai`: any provider's `openai.textEmbeddingModel(…)`, `cohere.embedding(…)`…
 */
export interface AiSdkEmbeddingModelLike {
  readonly modelId?: string;
  readonly maxEmbeddingsPerCall?: number | undefined | PromiseLike<number | undefined>;
  doEmbed(options: { values: string[]; abortSignal?: AbortSignal }): PromiseLike<{ embeddings: ReadonlyArray<ReadonlyArray<number>> }>;
}

/** Wraps an AI SDK embedding model as an {@link Embedder}; batches follow its `maxEmbeddingsPerCall`. */
export function createAiSdkEmbedder(model: AiSdkEmbeddingModelLike, options: { dimensions?: number } = {}): Embedder {
  if (typeof model !== 'object' || model === null || typeof model.doEmbed !== 'function') {
    throw new StorageError('INVALID_ARGUMENT', 'createAiSdkEmbedder needs an AI SDK embedding model (an object with doEmbed).', { provider: 'ai-sdk' });
  }
  const name = model.modelId ?? 'ai-sdk';
  let dimensions = options.dimensions;
  const declared = typeof model.maxEmbeddingsPerCall === 'number' ? model.maxEmbeddingsPerCall : undefined;
  return {
    model: name,
    get dimensions() {
      return dimensions;
    },
    maxBatch: declared ?? 2048,
    async embed(texts, call = {}) {
      const list = checkTexts(texts, 'ai-sdk');
      const perCall = (await model.maxEmbeddingsPerCall) ?? list.length;
      const size = Number.isInteger(perCall) && perCall > 0 ? perCall : Math.max(1, list.length);
      const out: number[][] = [];
      for (let i = 0; i < list.length; i += size) {
        const batch = list.slice(i, i + size);
        const { embeddings } = await model.doEmbed({ values: batch, ...(call.signal ? { abortSignal: call.signal } : {}) });
        const vectors = checkEmbeddings(embeddings, batch.length, name, dimensions);
        dimensions ??= vectors[0]?.length;
        out.push(...vectors);
      }
      return out;
    },
  };
}
