import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

/** Formats `compress` writes, with the suffix added to the key and the content encoding recorded. */
export const COMPRESSION = {
  gzip: { suffix: '.gz', encoding: 'gzip' },
  zstd: { suffix: '.zst', encoding: 'zstd' },
} as const;

type Codec = (bytes: Uint8Array) => Promise<Uint8Array>;
interface ZstdWasm {
  init(): Promise<void>;
  compress(bytes: Uint8Array, level?: number): Uint8Array;
  decompress(bytes: Uint8Array): Uint8Array;
}
const nodeZstd = zlib as unknown as { zstdCompress?: (b: Uint8Array, cb: (e: Error | null, r: Buffer) => void) => void; zstdDecompress?: typeof zlib.gunzip };

let wasm: Promise<ZstdWasm> | undefined;
/** Node has zstd in zlib from 22.15; older Nodes use the WebAssembly build, loaded once on first use. */
function zstdWasm(): Promise<ZstdWasm> {
  wasm ??= import('@bokuweb/zstd-wasm').then(async (mod) => {
    const api = ((mod as { default?: ZstdWasm }).default ?? mod) as ZstdWasm;
    await api.init();
    return api;
  });
  return wasm;
}

export const gzip: Codec = promisify(zlib.gzip);
export const gunzip: Codec = promisify(zlib.gunzip);
export const zstdCompress: Codec = nodeZstd.zstdCompress
  ? (promisify(nodeZstd.zstdCompress))
  : async (bytes) => (await zstdWasm()).compress(bytes, 3);
export const zstdDecompress: Codec = nodeZstd.zstdDecompress
  ? (promisify(nodeZstd.zstdDecompress))
  : async (bytes) => (await zstdWasm()).decompress(bytes);

/** Compresses bytes in the given format. */
export function compressBytes(format: keyof typeof COMPRESSION, bytes: Uint8Array): Promise<Uint8Array> {
  return format === 'gzip' ? gzip(bytes) : zstdCompress(bytes);
}

/** Restores bytes that {@link compressBytes} wrote. */
export function decompressBytes(format: keyof typeof COMPRESSION, bytes: Uint8Array): Promise<Uint8Array> {
  return format === 'gzip' ? gunzip(bytes) : zstdDecompress(bytes);
}
