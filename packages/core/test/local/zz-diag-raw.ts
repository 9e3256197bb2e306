import { createWriteStream, createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { digestStream, patternStream } from '@agentmap/storage-testkit';
const [dir, mib, mode] = process.argv.slice(2);
const size = Number(mib) * 1048576;
const M = 1048576;
const b = process.memoryUsage();
let peak = b.rss, peakAB = b.arrayBuffers;
const t = setInterval(() => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); peakAB = Math.max(peakAB, m.arrayBuffers); }, 2);
if (mode === 'pipe') await pipeline(patternStream(size), createWriteStream(dir + '/raw.bin'));
if (mode === 'loop') { const h = await open(dir + '/raw.bin', 'w'); for await (const c of patternStream(size)) await h.write(c); await h.close(); }
if (mode === 'gen') { for await (const c of patternStream(size)) void c; }
if (mode === 'read') { await digestStream(createReadStream(dir + '/raw.bin', { highWaterMark: 1 << 20 })); }
if (mode === 'read64') { await digestStream(createReadStream(dir + '/raw.bin')); }
clearInterval(t);
console.log(mode, process.version, ((peak - b.rss) / M).toFixed(1), ((peakAB - b.arrayBuffers) / M).toFixed(1));
