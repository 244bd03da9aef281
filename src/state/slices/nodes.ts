// Nodes, by name, in display order.
import type { Action } from '../actions.js';
import type { NodeView } from '../model.js';
import { applyChanges, compareStrings, emptyCollection, type Collection } from '../collection.js';

export interface NodesState extends Collection<NodeView> {
  synced: boolean;
}

export const initialNodes: NodesState = { ...emptyCollection<NodeView>(), synced: false };

const sameNode = (a: NodeView, b: NodeView) => a.uid === b.uid && a.resourceVersion === b.resourceVersion;

export function reduceNodes(state: NodesState, action: Action): NodesState {
  switch (action.type) {
    case 'nodes/changed': {
      const c = applyChanges(state, action, (n) => n.name, sameNode, compareStrings);
      return c === state ? state : { ...state, byKey: c.byKey, order: c.order };
    }
    case 'watch/synced':
      return action.resource === 'nodes' && !state.synced ? { ...state, synced: true } : state;
    case 'context/chosen':
      return initialNodes;
    default:
      return state;
  }
}
