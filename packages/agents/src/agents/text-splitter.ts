import { z } from 'zod';
import { baseConfig, defineStorageAgent, nodeError, primaryInput } from './define';

/** A chunk, in the shape file_reader's split documents and vector_writer share. */
export interface TextChunk {
  pageContent: string;
  metadata: Record<string, unknown>;
}

/** Splits text or documents into overlapping chunks for indexing. */
export const textSplitter = defineStorageAgent({
  type: 'text_splitter',
  description: 'Splits a text, or documents ({ pageContent, metadata }), into overlapping chunks (LangChain recursive splitter).',
  capabilities: ['document_processing', 'chunking'],
  inputs: [{ name: 'text', description: 'A text, a document, or a list of either (first input field).', required: true }],
  output: '[{ pageContent, metadata: { chunkIndex, chunkCount, … } }].',
  config: z
    .looseObject({
      ...baseConfig,
      chunk_size: z.number().int().positive().max(1_000_000).default(1000),
      chunk_overlap: z.number().int().nonnegative().default(200),
      markdown: z.boolean().default(false).describe('Split at Markdown headings and code blocks first.'),
    })
    .refine((c) => c.chunk_overlap < c.chunk_size, { message: 'chunk_overlap must be smaller than chunk_size', path: ['chunk_overlap'] }),
  async run(inputs, config, context) {
    const value = primaryInput(inputs, context, 'a text or documents to split');
    const items = Array.isArray(value) ? value : [value];
    const documents = items.map((item, i): TextChunk => {
      if (typeof item === 'string') return { pageContent: item, metadata: {} };
      const doc = item as Partial<TextChunk> & { text?: unknown };
      const text = doc?.pageContent ?? doc?.text;
      if (typeof text !== 'string') throw nodeError(context, `splits texts or { pageContent } documents; item ${i} has no text`);
      return { pageContent: text, metadata: { ...(doc.metadata ?? {}) } };
    });
    // Loaded on first use: graphs that never split text do not pay for LangChain's start-up.
    const { RecursiveCharacterTextSplitter } = await import('@langchain/textsplitters');
    const params = { chunkSize: config.chunk_size, chunkOverlap: config.chunk_overlap };
    const splitter = config.markdown ? RecursiveCharacterTextSplitter.fromLanguage('markdown', params) : new RecursiveCharacterTextSplitter(params);
    const chunks: TextChunk[] = [];
    for (const doc of documents) {
      for (const piece of await splitter.splitText(doc.pageContent)) chunks.push({ pageContent: piece, metadata: { ...doc.metadata, chunkIndex: chunks.length } });
    }
    for (const chunk of chunks) chunk.metadata.chunkCount = chunks.length;
    return chunks;
  },
});
