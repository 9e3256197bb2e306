import type { JsonCollection, JsonStorage } from '../types';

/** The service bound to one collection, with a document type for its reads and writes. */
export function bindCollection<T>(service: JsonStorage, name: string): JsonCollection<T> {
  return {
    name,
    read: (documentId, options) => service.read<T>(name, documentId, options),
    readAll: (options) => service.read(name, undefined, options),
    write: (data, documentId, options) => service.write(name, data, documentId, options),
    update: (data, documentId, options) => service.write(name, data, documentId, { ...options, mode: 'update' }),
    delete: (documentId, options) => service.delete(name, documentId, options),
    exists: (documentId, options) => service.exists(name, documentId, options),
    count: (query, options) => service.count(name, query, options),
  };
}
