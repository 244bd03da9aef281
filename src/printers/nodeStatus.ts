// The Status and Roles columns of `kubectl get nodes`, as printers.go's printNode and
// findNodeRoles compute them. Re-exported from podStatus.ts.

export interface NodeLike {
  metadata?: { labels?: Readonly<Record<string, string>> | null } | null;
  spec?: { unschedulable?: boolean | null } | null;
  status?: { conditions?: readonly { type: string; status: string }[] | null } | null;
}

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
/** The older role label, whose value (not its key) names the role. */
const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** "Ready", "NotReady" or "Unknown" (no Ready condition at all), plus ",SchedulingDisabled" when cordoned. */
export function nodeStatusText(node: NodeLike): string {
  // printNode indexes conditions by type in a map, so a repeated Ready condition: the last one wins.
  let ready: { status: string } | undefined;
  for (const c of node.status?.conditions ?? []) if (c.type === 'Ready') ready = c;
  const parts = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** Roles from node-role.kubernetes.io/<role> keys and kubernetes.io/role values, sorted, unique. */
export function nodeRoles(node: NodeLike): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = key.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === NODE_LABEL_ROLE && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Roles column: "control-plane,master" or "<none>". */
export function nodeRolesText(node: NodeLike): string {
  const roles = nodeRoles(node);
  return roles.length === 0 ? '<none>' : roles.join(',');
}
