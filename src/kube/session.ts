// A Session is one kubeconfig context, loaded once: the KubeConfig that every request, informer,
// exec and port-forward uses, plus the names the screen shows (context, cluster, server, user).
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeconfig, useContext, type KubeconfigSource } from './kubeconfig.js';
import type { FailureContext } from './kubeErrors.js';

export interface SessionOptions extends KubeconfigSource {
  context?: string;
}

export interface Session {
  kc: KubeConfig;
  options: SessionOptions;
  context: string;
  contexts: string[];
  cluster: string;
  server: string;
  user: string;
  /** The context's namespace, or "default". */
  namespace: string;
  failure: FailureContext;
}

/** Throws PodnetError (one sentence) when there is no kubeconfig or the context is unusable. */
export function openSession(options: SessionOptions): Session {
  const { kc } = loadKubeconfig(options);
  const context = useContext(kc, options.context);
  const ctx = kc.getContextObject(context)!;
  const cluster = kc.getCurrentCluster()!;
  const user = kc.getCurrentUser();
  const exec = (user as { exec?: { command?: string } } | null)?.exec?.command;
  return {
    kc,
    options,
    context,
    contexts: kc.getContexts().map((c) => c.name),
    cluster: cluster.name,
    server: cluster.server,
    user: user?.name ?? '',
    namespace: ctx.namespace || 'default',
    failure: { server: cluster.server, user: user?.name ?? '', execCommand: exec },
  };
}

/** The same kubeconfig, opened again on another context (the first session is left as it was). */
export function switchContext(session: Session, context: string): Session {
  return openSession({ ...session.options, context });
}
