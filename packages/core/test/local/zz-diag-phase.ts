import { createLocalStore } from '@agentmap/storage-core';
import { digestStream, patternStream } from '@agentmap/storage-testkit';
const [baseDir, mib, phase] = process.argv.slice(2);
const size = Number(mib) * 1048576;
const store = createLocalStore({ baseDir: baseDir! });
if (phase === 'get') await store.put('big.bin', patternStream(size));
const mu = () => process.memoryUsage();
const b = mu();
let peak = b.rss, peakAB = b.arrayBuffers, peakExt = b.external, peakHeap = b.heapUsed;
const timer = setInterval(() => { if (process.env.GCS) (globalThis as any).gc(); const m = mu(); peak = Math.max(peak, m.rss); peakAB = Math.max(peakAB, m.arrayBuffers); peakExt=Math.max(peakExt,m.external); peakHeap=Math.max(peakHeap,m.heapUsed); }, 2);
if (phase !== 'get') await store.put('big.bin', patternStream(size));
if (phase !== 'put') { const { stream } = await store.getStream('big.bin'); await digestStream(stream); }
clearInterval(timer);
const M = 1048576;
console.log(phase, process.version, JSON.stringify({ rss: ((peak - b.rss) / M).toFixed(1), ab: ((peakAB - b.arrayBuffers) / M).toFixed(1), ext: ((peakExt-b.external)/M).toFixed(1), heap: ((peakHeap-b.heapUsed)/M).toFixed(1) }));
