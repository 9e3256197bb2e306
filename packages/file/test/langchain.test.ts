import { createMemoryStore } from '@agentmap/storage-core';
import type { DocumentInterface } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { describe, expect, it } from 'vitest';
import { createFileStorage } from '../src';
import { makePdf } from '../src/testing';

describe('documents feed LangChain.js as they are', () => {
  it('are DocumentInterface values that LangChain splitters accept, metadata kept', async () => {
    const files = createFileStorage({ store: createMemoryStore() });
    await files.write('docs', await makePdf(), 'report.pdf');
    // Compile-time check: our documents are LangChain documents.
    const documents: DocumentInterface[] = (await files.loadDocuments('docs', 'report.pdf'))!;
    const chunks = await new RecursiveCharacterTextSplitter({ chunkSize: 12, chunkOverlap: 0 }).splitDocuments(documents);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((c) => c.metadata.source === 'docs/report.pdf' && typeof c.metadata.page === 'number')).toBe(true);
  });
});
