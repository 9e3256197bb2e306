import type { VectorFilter, VectorMetadata, VectorRecord } from '@agentmap/storage-vector';

/** A small deterministic PRNG (mulberry32), so every run and every backend sees the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller). */
function gaussian(next: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * `count` vectors around `clusters` random centres with spread `spread`: neighbours of a
 * query drawn near a centre are the points of that cluster, so recall is meaningful.
 */
export function clusteredVectors(count: number, dimensions: number, clusters: number, seed: number, spread = 0.15): number[][] {
  const g = gaussian(random(seed));
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dimensions }, g));
  return Array.from({ length: count }, (_, i) => centres[i % clusters]!.map((c) => c + spread * g()));
}

/** Query vectors near the same centres as {@link clusteredVectors} with the same seed. */
export function queryVectors(count: number, dimensions: number, clusters: number, seed: number, spread = 0.15): number[][] {
  const all = clusteredVectors(clusters + count, dimensions, clusters, seed, spread);
  return all.slice(clusters, clusters + count).map((v, i) => v.map((x, j) => x + 0.01 * Math.sin(i + j)));
}

const CATEGORIES = ['tech', 'science', 'art', 'sport'];
const TAGS = ['ai', 'db', 'web', 'ml', 'ops'];

/** Metadata of every shape the filter language covers: strings, numbers, booleans, lists, missing fields. */
export function metadataFor(i: number): VectorMetadata {
  const tags = TAGS.filter((_, t) => (i >> t) % 2 === 1 || (i + t) % 7 === 0);
  return {
    category: CATEGORIES[i % CATEGORIES.length]!,
    year: 2015 + (i % 10),
    score: Math.round(((i * 37) % 100) * 1.5) / 10,
    published: i % 3 !== 0,
    title: `Document ${i} about ${CATEGORIES[i % CATEGORIES.length]}`,
    ...(tags.length > 0 ? { tags } : {}),
    ...(i % 5 === 0 ? {} : { author: `author-${i % 4}` }),
  };
}

export function recordsFor(vectors: number[][], idPrefix = 'r'): VectorRecord[] {
  return vectors.map((vector, i) => ({ id: `${idPrefix}${i}`, vector, text: `text of ${idPrefix}${i}`, metadata: metadataFor(i) }));
}

/** One filter case per operator (plus combinations), each named by the operator it proves. */
export const FILTER_CASES: ReadonlyArray<{ name: string; operators: string[]; filter: VectorFilter }> = [
  { name: 'implicit $eq on a string', operators: ['$eq'], filter: { category: 'tech' } },
  { name: '$eq on a number', operators: ['$eq'], filter: { year: { $eq: 2018 } } },
  { name: '$eq on a boolean', operators: ['$eq'], filter: { published: false } },
  { name: '$ne (missing fields match)', operators: ['$ne'], filter: { author: { $ne: 'author-1' } } },
  { name: '$gt', operators: ['$gt'], filter: { year: { $gt: 2020 } } },
  { name: '$gte', operators: ['$gte'], filter: { year: { $gte: 2020 } } },
  { name: '$lt', operators: ['$lt'], filter: { score: { $lt: 5 } } },
  { name: '$lte', operators: ['$lte'], filter: { score: { $lte: 5 } } },
  { name: 'range on strings', operators: ['$gte', '$lt'], filter: { category: { $gte: 'b', $lt: 't' } } },
  { name: '$in', operators: ['$in'], filter: { category: { $in: ['art', 'sport'] } } },
  { name: 'implicit $in (a list)', operators: ['$in'], filter: { year: [2016, 2019] } },
  { name: '$nin', operators: ['$nin'], filter: { author: { $nin: ['author-0', 'author-2'] } } },
  { name: '$exists true', operators: ['$exists'], filter: { author: { $exists: true } } },
  { name: '$exists false', operators: ['$exists'], filter: { tags: { $exists: false } } },
  { name: '$all', operators: ['$all'], filter: { tags: { $all: ['ai', 'db'] } } },
  { name: '$contains on a list', operators: ['$contains'], filter: { tags: { $contains: 'ml' } } },
  { name: '$contains on a string', operators: ['$contains'], filter: { title: { $contains: 'about sci' } } },
  { name: '$regex', operators: ['$regex'], filter: { title: { $regex: '^Document 1[0-9] ' } } },
  { name: '$and', operators: ['$and', '$eq', '$gt'], filter: { $and: [{ category: 'tech' }, { year: { $gt: 2017 } }] } },
  { name: '$or', operators: ['$or', '$eq', '$lt'], filter: { $or: [{ category: 'art' }, { score: { $lt: 2 } }] } },
  { name: '$nor', operators: ['$nor', '$eq'], filter: { $nor: [{ category: 'art' }, { published: false }] } },
  { name: 'logical $not', operators: ['$not', '$eq'], filter: { $not: { category: 'tech' } } },
  { name: 'field $not (missing fields match)', operators: ['$not', '$lt'], filter: { year: { $not: { $lt: 2020 } } } },
  { name: 'nested logic', operators: ['$and', '$or', '$in', '$gte', '$eq'], filter: { $and: [{ $or: [{ category: { $in: ['tech', 'art'] } }, { year: { $gte: 2023 } }] }, { published: true }] } },
];
