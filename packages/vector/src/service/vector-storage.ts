import { StorageError, type StorageResult } from '@agentmap/storage-core';
import { settleWrite, successResult, validateOptions } from '@agentmap/storage-core/kit';
import { checkEmbeddings } from '../embedders/check-output';
import type { VectorFilter } from '../filter/types';
import type { Embedder } from '../spec/embedder';
import type { StoredVectorRecord, VectorMatch, VectorRecord, VectorStore } from '../spec/vector-store';
import { normaliseDocuments, type NormalisedDocument } from './documents';

export interface VectorStorageOptions {
  /** Any VectorStore: the local index, LanceDB, Chroma… */
  index: VectorStore;
  /** Embeds texts of documents written without a vector, and the text of similarity searches. */
  embedder?: Embedder;
}

export interface SimilaritySearchOptions {
  limit?: number;
  threshold?: number;
  filter?: VectorFilter;
  includeVectors?: boolean;
  signal?: AbortSignal;
}

/** The guide's `query` for a vector read: `similaritySearch` (text) or `vector`, plus limit, threshold and filter. */
export interface VectorReadQuery extends Omit<SimilaritySearchOptions, 'signal'> {
  similaritySearch?: string;
  vector?: readonly number[];
}

export interface VectorStorage {
  /** Upserts documents (embedding the text of any without a vector). `mode: 'update'` only replaces ids that exist. */
  write(collection: string, data: unknown, documentId?: string, options?: { mode?: 'write' | 'append' | 'update'; signal?: AbortSignal }): Promise<StorageResult>;
  /** With `query.similaritySearch` (or `query.vector`): the matches, best first. With only a documentId: that record, or undefined. */
  read(collection: string, documentId?: string, options?: { query?: VectorReadQuery; signal?: AbortSignal }): Promise<VectorMatch[] | StoredVectorRecord | undefined>;
  similaritySearch(collection: string, text: string, options?: SimilaritySearchOptions): Promise<VectorMatch[]>;
  /** One document, the documents a `filter` matches, or (neither given) the whole collection. */
  delete(collection: string, documentId?: string, options?: { filter?: VectorFilter; signal?: AbortSignal }): Promise<StorageResult>;
  exists(collection: string, documentId?: string): Promise<boolean>;
  count(collection: string, filter?: VectorFilter): Promise<number>;
  listCollections(): Promise<string[]>;
  readonly index: VectorStore;
  readonly embedder: Embedder | undefined;
}

const SERVICE = 'vector';

/**
 * The vector service in the call shape of the other services. Writes and deletes follow the
 * one failure policy: `{ success: false, error }` for the state of the data (`NOT_FOUND`…),
 * an exception when the call cannot be carried out (`INVALID_ARGUMENT`, `UNAVAILABLE`…).
 */
export function createVectorStorage(options: VectorStorageOptions): VectorStorage {
  const given: unknown = options;
  validateOptions(given, ['index', 'embedder'], 'createVectorStorage', { provider: SERVICE });
  const { index, embedder } = options;
  if (typeof index !== 'object' || index === null || typeof index.query !== 'function') {
    throw new StorageError('INVALID_ARGUMENT', 'createVectorStorage needs { index }: a VectorStore such as createLocalVectorStore({ store }).', { provider: SERVICE });
  }

  async function embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (!embedder) {
      throw new StorageError('INVALID_ARGUMENT', 'These documents have no vector and the service has no embedder; pass createVectorStorage({ index, embedder }).', { provider: SERVICE });
    }
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += embedder.maxBatch) {
      const batch = texts.slice(i, i + embedder.maxBatch);
      out.push(...checkEmbeddings(await embedder.embed(batch, { signal }), batch.length, embedder.model, embedder.dimensions));
    }
    return out;
  }

  async function toRecords(docs: NormalisedDocument[], signal?: AbortSignal): Promise<VectorRecord[]> {
    const missing = docs.filter((d) => d.vector === undefined);
    const vectors = missing.length === 0 ? [] : await embed(missing.map((d) => d.text!), signal);
    let next = 0;
    return docs.map((d) => ({
      id: d.id,
      vector: d.vector ?? vectors[next++]!,
      ...(d.text === undefined ? {} : { text: d.text }),
      ...(d.metadata === undefined ? {} : { metadata: d.metadata }),
    }));
  }

  async function search(collection: string, vector: readonly number[], o: SimilaritySearchOptions): Promise<VectorMatch[]> {
    return index.query(collection, {
      vector,
      ...(o.limit === undefined ? {} : { limit: o.limit }),
      ...(o.threshold === undefined ? {} : { threshold: o.threshold }),
      ...(o.filter === undefined ? {} : { filter: o.filter }),
      ...(o.includeVectors ? { includeVectors: true } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  }

  async function similaritySearch(collection: string, text: string, o: SimilaritySearchOptions = {}): Promise<VectorMatch[]> {
    if (typeof text !== 'string' || text.length === 0) throw new StorageError('INVALID_ARGUMENT', 'similaritySearch needs a non-empty query text.', { provider: SERVICE });
    const [vector] = await embed([text], o.signal);
    return search(collection, vector!, o);
  }

  return {
    index,
    embedder,

    async write(collection, data, documentId, o = {}) {
      const docs = normaliseDocuments(data, documentId, SERVICE);
      const mode = o.mode ?? 'write';
      const fields = { operation: mode === 'update' ? 'update' : 'write', collection, ...(documentId === undefined ? {} : { documentId }), mode } as const;
      return settleWrite(fields, async () => {
        const records = await toRecords(docs, o.signal);
        if (mode === 'update') {
          const found = new Set((await index.get(collection, records.map((r) => r.id), { signal: o.signal })).map((r) => r.id));
          const absent = records.filter((r) => !found.has(r.id)).map((r) => r.id);
          if (absent.length > 0) {
            throw new StorageError('NOT_FOUND', `update replaces existing documents only; ${absent.slice(0, 5).join(', ')}${absent.length > 5 ? '…' : ''} not found in "${collection}". Write them with mode "write".`, {
              provider: SERVICE,
            });
          }
        }
        await index.upsert(collection, records, { signal: o.signal });
        const ids = records.map((r) => r.id);
        return successResult({ ...fields, ids, count: ids.length, ...(mode === 'update' ? { rowsUpdated: ids.length } : { rowsWritten: ids.length }) });
      });
    },

    async read(collection, documentId, o = {}) {
      const q = o.query;
      if (q?.similaritySearch !== undefined || q?.vector !== undefined) {
        const opts: SimilaritySearchOptions = { ...q, ...(o.signal ? { signal: o.signal } : {}) };
        if (documentId !== undefined) {
          throw new StorageError('INVALID_ARGUMENT', 'Give either a documentId or a similarity query, not both; narrow a search with query.filter.', { provider: SERVICE });
        }
        return q.vector !== undefined ? search(collection, q.vector, opts) : similaritySearch(collection, q.similaritySearch!, opts);
      }
      if (documentId === undefined) {
        throw new StorageError('INVALID_ARGUMENT', 'A vector read needs query.similaritySearch (text), query.vector, or a documentId.', { provider: SERVICE });
      }
      const [record] = await index.get(collection, [documentId], { signal: o.signal });
      return record;
    },

    similaritySearch,

    async delete(collection, documentId, o = {}) {
      const fields = { operation: 'delete', collection, ...(documentId === undefined ? {} : { documentId }) } as const;
      return settleWrite(fields, async () => {
        if (documentId !== undefined) {
          const n = await index.delete(collection, { ids: [documentId] }, { signal: o.signal });
          if (n === 0) throw new StorageError('NOT_FOUND', `No document "${documentId}" in "${collection}".`, { provider: SERVICE, key: documentId });
          return successResult({ ...fields, rowsDeleted: 1, deletedIds: [documentId] });
        }
        if (o.filter !== undefined) {
          const n = await index.delete(collection, { filter: o.filter }, { signal: o.signal });
          return successResult({ ...fields, rowsDeleted: n });
        }
        const existed = await index.dropCollection(collection, { signal: o.signal });
        if (!existed) throw new StorageError('NOT_FOUND', `No collection "${collection}".`, { provider: SERVICE });
        return successResult({ ...fields, totalAffected: 1 });
      });
    },

    async exists(collection, documentId) {
      if (documentId === undefined) return (await index.listCollections()).includes(collection);
      return (await index.get(collection, [documentId])).length > 0;
    },

    count: (collection, filter) => index.count(collection, filter === undefined ? {} : { filter }),
    listCollections: () => index.listCollections(),
  };
}
