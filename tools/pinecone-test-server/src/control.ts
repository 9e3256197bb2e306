import { ApiError } from './errors';
import { LIMITS, type IndexState, type Metric } from './model';

/** The control plane: `/indexes` and `/indexes/{index_name}` as the reference describes them. */
export class ControlPlane {
  readonly indexes = new Map<string, IndexState>();

  constructor(private readonly hostFor: (name: string) => string) {}

  model(index: IndexState): Record<string, unknown> {
    return {
      name: index.name,
      dimension: index.dimension,
      metric: index.metric,
      host: this.hostFor(index.name),
      deletion_protection: index.deletionProtection,
      ...(index.tags ? { tags: index.tags } : {}),
      spec: { serverless: { ...index.spec.serverless, read_capacity: { mode: 'OnDemand', status: { state: 'Ready' } } } },
      status: { ready: true, state: 'Ready' },
      vector_type: 'dense',
    };
  }

  list(): Record<string, unknown> {
    return { indexes: [...this.indexes.values()].map((i) => this.model(i)) };
  }

  describe(name: string): Record<string, unknown> {
    return this.model(this.get(name));
  }

  get(name: string): IndexState {
    const index = this.indexes.get(name);
    if (!index) throw new ApiError(404, `Index ${name} not found.`);
    return index;
  }

  create(body: unknown): Record<string, unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(422, 'Failed to deserialize the JSON body into the target type: expected an object');
    const b = body as Record<string, unknown>;
    if (b.name === undefined) throw new ApiError(422, 'Failed to deserialize the JSON body into the target type: missing field `name`');
    if (b.spec === undefined) throw new ApiError(422, 'Failed to deserialize the JSON body into the target type: missing field `spec`');
    if (typeof b.name !== 'string' || !LIMITS.indexName.test(b.name)) {
      throw new ApiError(400, 'Resource name must be 1-45 characters long, start and end with an alphanumeric character, and consist only of lower case alphanumeric characters or \'-\'.');
    }
    const vectorType = b.vector_type ?? 'dense';
    if (vectorType !== 'dense') throw new ApiError(400, 'This server keeps dense indexes only.');
    const dimension = b.dimension;
    if (typeof dimension !== 'number' || !Number.isInteger(dimension) || dimension < 1 || dimension > LIMITS.maxDimension) {
      throw new ApiError(400, `Dimension must be an integer between 1 and ${LIMITS.maxDimension} for a dense index.`);
    }
    const metric = (b.metric ?? 'cosine') as Metric;
    if (!['cosine', 'dotproduct', 'euclidean'].includes(metric)) throw new ApiError(400, 'Metric must be one of cosine, euclidean or dotproduct.');
    const spec = b.spec as Record<string, unknown>;
    const serverless = spec?.serverless as Record<string, unknown> | undefined;
    if (typeof serverless !== 'object' || serverless === null || typeof serverless.cloud !== 'string' || typeof serverless.region !== 'string') {
      throw new ApiError(400, 'spec must be { serverless: { cloud, region } }.');
    }
    if (!['aws', 'gcp', 'azure'].includes(serverless.cloud)) throw new ApiError(404, `Resource cloud: ${serverless.cloud} region: ${serverless.region} not found.`);
    if (this.indexes.has(b.name)) throw new ApiError(409, 'Resource already exists.');
    const index: IndexState = {
      name: b.name,
      dimension,
      metric,
      spec: { serverless: { cloud: serverless.cloud, region: serverless.region } },
      deletionProtection: b.deletion_protection === 'enabled' ? 'enabled' : 'disabled',
      ...(typeof b.tags === 'object' && b.tags !== null ? { tags: b.tags as Record<string, string> } : {}),
      namespaces: new Map(),
    };
    this.indexes.set(index.name, index);
    return this.model(index);
  }

  delete(name: string): void {
    const index = this.get(name);
    if (index.deletionProtection === 'enabled') throw new ApiError(403, 'Deletion protection is enabled for this index. Disable deletion protection before retrying.', 'FORBIDDEN');
    this.indexes.delete(name);
  }
}
