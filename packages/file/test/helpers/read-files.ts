// Child process for the lazy-loading test: reads files of the kinds named on the command line.
import { createMemoryStore } from '@agentmap/storage-core';
import { createFileStorage } from '../../src';
import { makePdf } from '../../src/testing/fixtures';

const kinds = process.argv.slice(2);
const files = createFileStorage({ store: createMemoryStore() });
if (kinds.includes('text')) {
  await files.write('docs', 'plain', 'a.txt');
  await files.write('docs', '# Title\n\nbody', 'b.md');
  await files.write('docs', '<p>hi</p>', 'c.html');
  await files.write('docs', new Uint8Array([1, 2, 3]), 'd.png');
  for (const name of ['a.txt', 'b.md', 'c.html', 'd.png']) await files.read('docs', name);
  await files.read('docs');
  await files.getFileMetadata('docs', 'a.txt');
}
if (kinds.includes('pdf')) {
  await files.write('docs', await makePdf(), 'e.pdf');
  await files.read('docs', 'e.pdf');
}
