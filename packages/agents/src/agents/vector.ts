import type { VectorDocument, VectorFilter } from '@agentmap/storage-vector';
import { z } from 'zod';
import type { AgentContext } from '../types';
import { baseConfig, collectionOf, dataOf, defineStorageAgent, nodeError, primaryInput, settled, signalFor, fields } from './define';

/** What vector_embedder hands on: the text and its vector, so a searcher needs no second embedding. */
export interface EmbeddedQuery {
  text: string;
  vector: number[];
  model: string;
}

const searchConfig = z.looseObject({
  ...baseConfig,
  limit: z.number().int().positive().max(10_000).optional().describe('Most matches returned (default 5).'),
  k: z.number().int().positive().max(10_000).optional().describe("The original's name for limit."),
  threshold: z.number().min(0).max(1).optional().describe('Lowest score kept, in [0, 1] for cosine.'),
  filter: z.record(z.string(), z.unknown()).optional().describe('Metadata filter ({category: "tech"}, $gt, $in…).'),
  timeout: fields.timeout,
});

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((n) => typeof n === 'number');
}

function isEmbeddedQuery(value: unknown): value is EmbeddedQuery {
  return typeof value === 'object' && value !== null && isVector((value as EmbeddedQuery).vector);
}

function searcher(type: string, description: string) {
  return defineStorageAgent({
    type,
    description,
    capabilities: ['storage', 'vector', 'similarity_search', 'data_reading'],
    inputs: [{ name: 'query', description: 'Query text, a vector, or the output of vector_embedder (first input field).', required: true }],
    output: 'The matches, best first: [{ id, score, text, metadata }].',
    config: searchConfig,
    async run(inputs, config, context) {
      const collection = collectionOf(inputs, config, context);
      const query = primaryInput(inputs, context, 'a query (text, vector, or vector_embedder output)');
      const signal = signalFor(context, config.timeout);
      const options = {
        limit: config.limit ?? config.k ?? 5,
        ...(config.threshold === undefined ? {} : { threshold: config.threshold }),
        ...(config.filter ? { filter: config.filter as VectorFilter } : {}),
        ...(signal ? { signal } : {}),
      };
      const vectors = context.services.vector();
      if (typeof query === 'string') return vectors.similaritySearch(collection, query, options);
      const vector = isEmbeddedQuery(query) ? query.vector : isVector(query) ? query : undefined;
      if (!vector) throw nodeError(context, `searches by text, a vector, or vector_embedder output; got ${Array.isArray(query) ? 'a list that is not numbers' : typeof query}`);
      return vectors.read(collection, undefined, { query: { vector, ...options }, ...(signal ? { signal } : {}) });
    },
  });
}

/** Similarity search (the guide's vector_searcher). */
export const vectorSearcher = searcher('vector_searcher', 'Similarity search over a vector collection by text, vector or embedded query, with limit, threshold and metadata filter.');
/** The same search under the original's name. */
export const vectorReader = searcher('vector_reader', "Similarity search under the original's name: the query comes from the first input field, k or limit from the context.");

/**
 * Turns what a graph carries into vector documents: a string, a list of strings or documents
 * ({ id?, text | pageContent, metadata? }), or a map of records keyed by id. A record without
 * text takes it from `text_field`, and its other scalar fields become metadata.
 */
function toDocuments(data: unknown, textField: string | undefined, context: AgentContext): VectorDocument[] {
  const one = (value: unknown, id: string | undefined): VectorDocument => {
    if (typeof value === 'string') return { ...(id === undefined ? {} : { id }), text: value };
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw nodeError(context, `indexes text or documents; got ${value === null ? 'null' : Array.isArray(value) ? 'a nested list' : typeof value}`);
    }
    const record = value as Record<string, unknown>;
    if (record.id !== undefined && typeof record.id !== 'string' && typeof record.id !== 'number') throw nodeError(context, 'found a document whose id is neither a string nor a number');
    const ownId = record.id === undefined ? id : String(record.id);
    if (record.text !== undefined || record.pageContent !== undefined || record.vector !== undefined || record.embedding !== undefined) {
      return { ...(record as VectorDocument), ...(ownId === undefined ? {} : { id: ownId }) };
    }
    if (textField === undefined || typeof record[textField] !== 'string') {
      throw nodeError(context, `found a record with no text${textField ? ` in "${textField}"` : ''}; give each record a text field or name one with {'text_field': 'description'}`);
    }
    const metadata: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) if (k !== textField && v !== null && ['string', 'number', 'boolean'].includes(typeof v)) metadata[k] = v;
    return { ...(ownId === undefined ? {} : { id: ownId }), text: record[textField], metadata };
  };
  if (Array.isArray(data)) return data.map((item) => one(item, undefined));
  if (typeof data !== 'object' || data === null) return [one(data, undefined)];
  const record = data as Record<string, unknown>;
  const isDocument = ['text', 'pageContent', 'vector', 'embedding'].some((k) => record[k] !== undefined) || (textField !== undefined && typeof record[textField] === 'string');
  if (isDocument) return [one(record, undefined)];
  // Otherwise a map of records keyed by id, as a JSON collection reads.
  return Object.entries(record).map(([id, value]) => one(value, id));
}

/** Upserts documents into a vector collection, embedding their text. */
export const vectorWriter = defineStorageAgent({
  type: 'vector_writer',
  description: 'Upserts documents into a vector collection, embedding the text of any without a vector; ids are kept or derived from content.',
  capabilities: ['storage', 'vector', 'data_writing', 'indexing'],
  inputs: [{ name: 'data', description: 'Text, documents, chunks from file_reader, or records keyed by id (first non-control input field).', required: true }],
  output: 'The StorageResult with the stored ids.',
  config: z.looseObject({
    ...baseConfig,
    text_field: z.string().min(1).optional().describe('The field holding a record’s text, for records without `text`.'),
    mode: z.enum(['write', 'update']).default('write').describe('write upserts; update replaces existing ids only.'),
    timeout: fields.timeout,
  }),
  async run(inputs, config, context) {
    const collection = collectionOf(inputs, config, context);
    const docs = toDocuments(dataOf(inputs, context), config.text_field, context);
    const signal = signalFor(context, config.timeout);
    return settled(await context.services.vector().write(collection, docs, undefined, { mode: config.mode, ...(signal ? { signal } : {}) }));
  },
});

/** Embeds a query text (or a list of texts / documents). */
export const vectorEmbedder = defineStorageAgent({
  type: 'vector_embedder',
  description: 'Embeds a text into { text, vector, model } for vector_searcher, or a list of texts or documents into documents with vectors.',
  capabilities: ['vector', 'embedding'],
  inputs: [{ name: 'text', description: 'A text, or a list of texts or documents (first input field).', required: true }],
  output: '{ text, vector, model } for a text; documents with `vector` for a list.',
  config: z.looseObject({ ...baseConfig, timeout: fields.timeout }),
  async run(inputs, config, context) {
    const value = primaryInput(inputs, context, 'a text or a list of texts to embed');
    const embedder = context.services.embedder();
    const signal = signalFor(context, config.timeout);
    const embed = (texts: string[]) => embedder.embed(texts, signal ? { signal } : {});
    if (typeof value === 'string') {
      if (value.trim() === '') throw nodeError(context, 'was given an empty text to embed');
      const [vector] = await embed([value]);
      return { text: value, vector: vector!, model: embedder.model } satisfies EmbeddedQuery;
    }
    const docs = toDocuments(value, undefined, context).map((doc) => ({ ...doc, text: doc.text ?? doc.pageContent }));
    const missing = docs.filter((d) => typeof d.text !== 'string');
    if (missing.length > 0) throw nodeError(context, 'embeds texts; one of the documents has no text');
    const out: unknown[] = [];
    for (let i = 0; i < docs.length; i += embedder.maxBatch) {
      const batch = docs.slice(i, i + embedder.maxBatch);
      const vectors = await embed(batch.map((d) => d.text!));
      batch.forEach((doc, j) => out.push({ ...doc, vector: vectors[j] }));
    }
    return out;
  },
});
