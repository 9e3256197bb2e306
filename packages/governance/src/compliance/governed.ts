import type { ObjectStore } from '@agentmap/storage-core';

/** The governance layers a store passes through, as compliance checks see them. */
export type GovernanceLayer = 'audit' | 'access_control' | 'encryption';

const layers = new WeakMap<ObjectStore, ReadonlySet<GovernanceLayer>>();

/** Records that `outer` is `inner` behind `layer` (plus whatever `inner` already had). */
export function markGoverned<S extends ObjectStore>(outer: S, inner: ObjectStore, layer: GovernanceLayer): S {
  layers.set(outer, new Set([...(layers.get(inner) ?? []), layer]));
  return outer;
}

/** The governance layers of a store made by this package (layers from elsewhere on top hide them). */
export function governanceLayers(store: ObjectStore): ReadonlySet<GovernanceLayer> {
  return layers.get(store) ?? new Set();
}
