export { startWeaviateTestServer, type WeaviateTestServer, type WeaviateTestServerOptions, type InjectedFault } from './server';
export { WeaviateState, type ClassDef, type PropertyDef, type StoredObject, type StoredClass } from './state';
export { compileWhere } from './where';
export { runGraphQL, distanceBetween } from './graphql';
