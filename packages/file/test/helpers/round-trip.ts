// Child process for the large-file test: streams SIZE bytes into the local store through the
// file service and back out, and prints digests and memory figures as JSON.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { createLocalStore } from '@agentmap/storage-core';
import { digestStream, patternStream } from '@agentmap/storage-testkit';
import { createFileStorage } from '../../src';

const [baseDir, sizeArg] = process.argv.slice(2);
const size = Number(sizeArg);
const files = createFileStorage({ store: createLocalStore({ baseDir: baseDir! }) }, { maxFileSize: size });

const written = createHash('sha256');
const hashing = new Transform({
  transform(chunk: Buffer, _encoding, done) {
    written.update(chunk);
    done(null, chunk);
  },
});
const rssBefore = process.memoryUsage.rss();
let peakRss = rssBefore;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
const result = await files.write('big', patternStream(size).pipe(hashing), 'blob.bin');
const opened = await files.readStream('big', 'blob.bin');
const read = await digestStream(opened!.stream);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
console.log(JSON.stringify({ success: result.success, writtenSha: written.digest('hex'), read, rssBefore, peakRss, maxRss: process.resourceUsage().maxRSS * 1024 }));
