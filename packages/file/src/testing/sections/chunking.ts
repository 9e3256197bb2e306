import { expectStorageError } from '@agentmap/storage-testkit';
import { expect, it } from 'vitest';
import type { FileDocument } from '../../documents/document';
import type { GetContext } from '../context';
import { makePdf } from '../fixtures';

const PARAGRAPHS = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} says something about topic ${i % 7}, with enough words to need splitting.`);

/** shouldSplit, chunkSize, chunkOverlap and chunk metadata. */
export function chunkingSection(get: GetContext, timeout: number): void {
  it('splits text into chunks no larger than chunkSize, with index and exact offsets', { timeout }, async () => {
    const { files } = get();
    const text = PARAGRAPHS.join('\n\n');
    await files.write('docs', text, 'long.txt');
    const chunks = (await files.read('docs', 'long.txt', { shouldSplit: true, chunkSize: 200, chunkOverlap: 40 })) as FileDocument[];
    expect(chunks.length).toBeGreaterThan(5);
    chunks.forEach((chunk, i) => {
      expect(chunk.pageContent.length).toBeLessThanOrEqual(200);
      expect(chunk.metadata).toMatchObject({ source: 'docs/long.txt', chunkIndex: i, chunkCount: chunks.length });
      expect(text.slice(chunk.metadata.startOffset, chunk.metadata.endOffset)).toBe(chunk.pageContent);
    });
    expect(chunks.map((c) => c.pageContent).join(' ')).toContain('Paragraph 29');
  });

  it('overlaps neighbouring chunks when the text allows it', { timeout }, async () => {
    const { files } = get();
    const text = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    await files.write('docs', text, 'words.txt');
    const chunks = (await files.read('docs', 'words.txt', { shouldSplit: true, chunkSize: 100, chunkOverlap: 30 })) as FileDocument[];
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i]!.metadata.startOffset as number).toBeLessThan(chunks[i - 1]!.metadata.endOffset as number);
    }
  });

  it('splits by default when the service says so, keeping page metadata on chunks', { timeout }, async () => {
    const { make } = get();
    const files = make({ shouldSplit: true, chunkSize: 16, chunkOverlap: 0 });
    await files.write('docs', await makePdf(), 'report.pdf');
    const chunks = (await files.read('docs', 'report.pdf')) as FileDocument[];
    expect(chunks.length).toBeGreaterThan(2);
    expect(new Set(chunks.map((c) => c.metadata.page))).toEqual(new Set([1, 2]));
    const onPage2 = (await files.read('docs', 'report.pdf', { query: { page: 2 } })) as FileDocument[];
    expect(onPage2.length).toBeGreaterThan(0);
    expect(onPage2.every((c) => c.metadata.page === 2)).toBe(true);
    const third = (await files.read('docs', 'report.pdf', { query: { documentIndex: 2 } })) as FileDocument;
    expect(third.metadata.chunkIndex).toBe(2);
  });

  it('refuses chunk settings that cannot work', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', 'text', 'a.txt');
    await expectStorageError(files.read('docs', 'a.txt', { shouldSplit: true, chunkSize: 0 }), 'INVALID_ARGUMENT');
    await expectStorageError(files.read('docs', 'a.txt', { shouldSplit: true, chunkSize: 50, chunkOverlap: 60 }), 'INVALID_ARGUMENT');
    expect(await files.read('docs', 'a.txt', { shouldSplit: true, chunkSize: 50 })).toEqual([
      { pageContent: 'text', metadata: { source: 'docs/a.txt', chunkIndex: 0, chunkCount: 1, startOffset: 0, endOffset: 4 } },
    ]);
  });
}
