// Pod and node views for tests of the state and the UI (plain data, no cluster).
import type { NodeView, PodView } from '../../src/state/model.js';

export const NOW = Date.parse('2026-11-24T12:00:00Z');

export function pod(name: string, over: Partial<PodView> = {}): PodView {
  const namespace = over.namespace ?? 'default';
  return {
    key: `${namespace}/${name}`, uid: `uid-${namespace}-${name}`, namespace, name, resourceVersion: '1', ip: '10.244.0.2', hostIP: '127.0.10.1',
    node: 'lab-node-1', phase: 'Running', status: 'Running', ready: '1/1', restartCount: 0, lastRestartMs: undefined,
    createdMs: NOW - 5 * 60_000, labels: {}, ports: [], ...over,
  };
}

export function node(name: string, over: Partial<NodeView> = {}): NodeView {
  return { name, uid: `uid-${name}`, resourceVersion: '1', status: 'Ready', roles: '<none>', internalIP: '127.0.10.1', podCIDR: '10.244.0.0/24', createdMs: NOW - 3_600_000, ...over };
}
