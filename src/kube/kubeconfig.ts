// The kubeconfig as kubectl reads it, loaded through client-node: --kubeconfig F alone, else every
// file in $KUBECONFIG (missing ones skipped; the first to define a name or the current context
// wins, where client-node's own merge would throw on a duplicate), else ~/.kube/config, else the
// in-cluster service account. Auth (tokens, token files, exec plugins) stays client-node's.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { PodnetError } from '../errors.js';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface KubeconfigSource {
  kubeconfig?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

export function loadKubeconfig(src: KubeconfigSource = {}): { kc: KubeConfig; files: string[] } {
  const env = src.env ?? process.env;
  if (src.kubeconfig) return { kc: loadFile(src.kubeconfig), files: [src.kubeconfig] };
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f !== '');
  if (listed.length > 0) {
    const files = listed.filter((f) => existsSync(f));
    if (files.length === 0) {
      throw new PodnetError(`No kubeconfig found: none of the files in KUBECONFIG exist (${listed.join(delimiter)}).`, 2, hint);
    }
    const kc = loadFile(files[0]!);
    for (const f of files.slice(1)) mergeFirstWins(kc, loadFile(f));
    return { kc, files };
  }
  const home = src.home ?? homedir();
  const file = join(home, '.kube', 'config');
  if (existsSync(file)) return { kc: loadFile(file), files: [file] };
  if (existsSync(SERVICE_ACCOUNT_TOKEN) && env.KUBERNETES_SERVICE_HOST) {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    return { kc, files: [] };
  }
  throw new PodnetError(`No kubeconfig found: KUBECONFIG is not set and ${file} does not exist.`, 2, hint);
}

const hint = 'podnet --kubeconfig FILE, or podnet --lab to explore the built-in lab';

function loadFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
    useTokenFiles(kc, file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : firstLine(err.message);
    throw new PodnetError(`Cannot read the kubeconfig ${file}: ${why}.`, 2);
  }
  return kc;
}

function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  if (!into.currentContext && from.currentContext) into.setCurrentContext(from.currentContext);
  for (const c of from.clusters) if (!into.getCluster(c.name)) into.addCluster(c);
  for (const u of from.users) if (!into.getUser(u.name)) into.addUser(u);
  for (const c of from.contexts) if (!into.getContextObject(c.name)) into.addContext(c);
}

/** Selects --context (or keeps the current one) and checks that it names a cluster and a user. */
export function useContext(kc: KubeConfig, context: string | undefined): string {
  const name = context ?? kc.getCurrentContext();
  const names = kc.getContexts().map((c) => c.name);
  if (!name) {
    throw new PodnetError('The kubeconfig has no current context.', 2, names.length ? `podnet --context ${names[0]}` : 'podnet --lab');
  }
  const ctx = kc.getContextObject(name);
  if (!ctx) {
    throw new PodnetError(`There is no context "${name}" in the kubeconfig; it has ${names.join(', ') || 'none'}.`, 2,
      names.length ? `podnet --context ${names[0]}` : undefined);
  }
  if (!kc.getCluster(ctx.cluster)) throw new PodnetError(`Context "${name}" names cluster "${ctx.cluster}", which the kubeconfig does not define.`, 2);
  if (ctx.user && !kc.getUser(ctx.user)) throw new PodnetError(`Context "${name}" names user "${ctx.user}", which the kubeconfig does not define.`, 2);
  kc.setCurrentContext(name);
  return name;
}

/**
 * kubectl's `tokenFile` (client-node 1.4 only knows a `token-file` key, read once): the token is
 * read when a request is made, and again whenever the file changes (rotated service-account
 * tokens). A `token` in the same user wins, as in kubectl.
 */
function useTokenFiles(kc: KubeConfig, file: string): void {
  const doc = load(readFileSync(file, 'utf8')) as { users?: { name?: string; user?: { tokenFile?: string } }[] } | undefined;
  for (const entry of doc?.users ?? []) {
    const tokenFile = entry.user?.tokenFile;
    const user = entry.name ? kc.getUser(entry.name) : null;
    if (!tokenFile || !user || user.token) continue;
    const path = resolve(dirname(file), tokenFile);
    let cached: { mtimeMs: number; token: string } | undefined;
    Object.defineProperty(user, 'token', {
      enumerable: true,
      get() {
        try {
          const { mtimeMs } = statSync(path);
          if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, token: readFileSync(path, 'utf8').trim() };
          return cached.token;
        } catch {
          return undefined;
        }
      },
    });
  }
}

const firstLine = (s: string) => s.split('\n')[0]!.replace(/\.$/, '');
