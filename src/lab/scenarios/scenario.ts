// A scenario is the cluster's starting state: objects to create through admission, in order.
import type { KubeObject } from '../store/kubeObject.js';

export interface ScenarioObject {
  resource: string;
  object: KubeObject;
}

export interface Scenario {
  name: string;
  objects: ScenarioObject[];
  /** Whether the kubelets record events (thousands of pods would drown the store in them). */
  events: boolean;
}

export function namespaceObject(name: string): ScenarioObject {
  return { resource: 'namespaces', object: { metadata: { name } } };
}

export function systemNamespaces(): ScenarioObject[] {
  return ['default', 'kube-system', 'kube-public', 'kube-node-lease'].map(namespaceObject);
}
