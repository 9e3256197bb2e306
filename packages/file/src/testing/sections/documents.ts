import { expectStorageError } from '@agentmap/storage-testkit';
import { expect, it } from 'vitest';
import type { FileDocument } from '../../documents/document';
import type { GetContext } from '../context';
import { DOCX_SECTIONS, PDF_PAGES, makeDocx, makePdf } from '../fixtures';

const HTML = `<!doctype html><html><head><title>Guide</title><style>p{color:red}</style><script>alert('x')</script></head>
<body><p>Welcome text.</p><h1>Setup</h1><p>Install <a href="https://example.com">the tool</a>.</p><h2>Usage</h2><p>Run it &amp; relax.</p></body></html>`;

const MARKDOWN = ['Preface line.', '', '# Install', '', 'Run the installer.', '', '```sh', '# not a heading', '```', '', '## Configure', '', 'Edit the file.'].join('\n');

/** PDF, DOCX, HTML, Markdown, CSV and text through their loaders, and document queries. */
export function documentSection(get: GetContext, timeout: number): void {
  it('loads a two-page PDF as one document per page', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', await makePdf(), 'report.pdf');
    const pages = (await files.read('docs', 'report.pdf')) as FileDocument[];
    expect(pages.map((p) => p.pageContent.trim())).toEqual([...PDF_PAGES]);
    expect(pages.map((p) => p.metadata)).toEqual([
      { source: 'docs/report.pdf', page: 1, totalPages: 2 },
      { source: 'docs/report.pdf', page: 2, totalPages: 2 },
    ]);
    expect(await files.read('docs', 'report.pdf', { format: 'text' })).toMatch(/apples[\s\S]*bananas/);
    const bytes = (await files.read('docs', 'report.pdf', { binaryMode: true })) as Uint8Array;
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
  });

  it('picks documents by documentIndex and by metadata', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', await makePdf(), 'report.pdf');
    const second = (await files.read('docs', 'report.pdf', { query: { documentIndex: 1 } })) as FileDocument;
    expect(second.metadata.page).toBe(2);
    expect(await files.read('docs', 'report.pdf', { query: { document_index: 5 } })).toBeUndefined();
    const byMeta = (await files.read('docs', 'report.pdf', { query: { metadata: { page: 1 } } })) as FileDocument[];
    expect(byMeta.map((d) => d.metadata.page)).toEqual([1]);
    const ops = (await files.read('docs', 'report.pdf', { query: { page: { $gte: 2 } } })) as FileDocument[];
    expect(ops.map((d) => d.metadata.page)).toEqual([2]);
    expect(await files.read('docs', 'report.pdf', { query: { documentIndex: 0, metadata: { page: 2 } } })).toBeUndefined();
    await expectStorageError(files.read('docs', 'report.pdf', { query: { documentIndex: -1 } }), 'INVALID_ARGUMENT');
  });

  it('loads a DOCX as one document per heading section', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', await makeDocx(), 'plan.docx');
    const sections = (await files.loadDocuments('docs', 'plan.docx'))!;
    expect(sections.map((s) => s.metadata.heading)).toEqual(DOCX_SECTIONS.map((s) => s.heading));
    expect(sections.map((s) => s.metadata.section)).toEqual([0, 1]);
    expect(sections[1]!.pageContent).toContain(DOCX_SECTIONS[1].body);
    expect(sections[0]!.metadata.source).toBe('docs/plan.docx');
  });

  it('loads HTML as text sections, without scripts, styles or link targets', { timeout }, async () => {
    const { files } = get();
    await files.write('web', HTML, 'guide.html');
    expect(await files.read('web', 'guide.html')).toBe(HTML);
    const docs = (await files.read('web', 'guide.html', { format: 'documents' })) as FileDocument[];
    expect(docs.map((d) => d.metadata.heading)).toEqual([undefined, 'Setup', 'Usage']);
    expect(docs.every((d) => d.metadata.title === 'Guide')).toBe(true);
    expect(docs[0]!.pageContent).toBe('Welcome text.');
    expect(docs[1]!.pageContent).toContain('Install the tool.');
    expect(docs[2]!.pageContent).toContain('Run it & relax.');
    const all = docs.map((d) => d.pageContent).join('\n');
    expect(all).not.toMatch(/alert|color:red|example\.com/);
  });

  it('loads Markdown as sections, ignoring "#" inside code blocks', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', MARKDOWN, 'guide.md');
    const docs = (await files.read('docs', 'guide.md', { format: 'documents' })) as FileDocument[];
    expect(docs.map((d) => d.metadata.heading)).toEqual([undefined, 'Install', 'Configure']);
    expect(docs[1]!.pageContent).toContain('# not a heading');
  });

  it('loads CSV as one document per row and plain text as one document', { timeout }, async () => {
    const { files } = get();
    await files.write('data', 'name,city\nAda,London\n"Lin, K",Paris\n', 'people.csv');
    const rows = (await files.read('data', 'people.csv', { format: 'documents' })) as FileDocument[];
    expect(rows.map((r) => r.pageContent)).toEqual(['name: Ada\ncity: London', 'name: Lin, K\ncity: Paris']);
    expect(rows.map((r) => r.metadata.row)).toEqual([0, 1]);
    expect(await files.read('data', 'people.csv')).toContain('Ada,London');
    await files.write('data', 'just text', 'note.txt');
    expect(await files.loadDocuments('data', 'note.txt')).toEqual([{ pageContent: 'just text', metadata: { source: 'data/note.txt' } }]);
    expect(await files.loadDocuments('data', 'missing.txt')).toBeUndefined();
  });

  it('reports corrupt and unsupported documents with CORRUPT_DATA and UNSUPPORTED', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', new TextEncoder().encode('%PDF-1.7 this is not really a pdf'), 'broken.pdf');
    await files.write('docs', new Uint8Array([1, 2, 3]), 'broken.docx');
    await files.write('docs', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 'legacy.doc');
    await files.write('docs', new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'image.png');
    await expectStorageError(files.read('docs', 'broken.pdf'), 'CORRUPT_DATA');
    await expectStorageError(files.read('docs', 'broken.docx'), 'CORRUPT_DATA');
    await expectStorageError(files.loadDocuments('docs', 'legacy.doc'), 'UNSUPPORTED');
    await expectStorageError(files.read('docs', 'image.png', { format: 'documents' }), 'UNSUPPORTED');
    expect(await files.read('docs', 'image.png')).toBeInstanceOf(Uint8Array);
  });
}
