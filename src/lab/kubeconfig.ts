// The kubeconfig a lab hands its users: one cluster, two users (admin and readonly), a context
// for each, and where the lab's control socket is, for `podnet lab fault`.
import { dump, load } from 'js-yaml';
import { readFileSync } from 'node:fs';

export const LAB_EXTENSION = 'podnet.dev/lab';

export interface LabKubeconfig {
  server: string;
  caCert: string;
  adminToken: string;
  readonlyToken: string;
  controlSocket: string;
}

export function renderKubeconfig(k: LabKubeconfig): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': 'lab',
    clusters: [
      {
        name: 'lab',
        cluster: {
          server: k.server,
          'certificate-authority-data': Buffer.from(k.caCert).toString('base64'),
          extensions: [{ name: LAB_EXTENSION, extension: { controlSocket: k.controlSocket } }],
        },
      },
    ],
    users: [
      { name: 'admin', user: { token: k.adminToken } },
      { name: 'readonly', user: { token: k.readonlyToken } },
    ],
    contexts: [
      { name: 'lab', context: { cluster: 'lab', user: 'admin', namespace: 'default' } },
      { name: 'lab-readonly', context: { cluster: 'lab', user: 'readonly', namespace: 'default' } },
    ],
  };
  return dump(doc, { lineWidth: -1 });
}

/** The control socket of the lab a kubeconfig points at, or a sentence saying why there is none. */
export function controlSocketOf(path: string): string {
  let doc: unknown;
  try {
    doc = load(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`Cannot read the kubeconfig ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
  const clusters = (doc as { clusters?: { cluster?: { extensions?: { name: string; extension?: { controlSocket?: string } }[] } }[] })?.clusters ?? [];
  for (const c of clusters) {
    for (const ext of c.cluster?.extensions ?? []) {
      if (ext.name === LAB_EXTENSION && ext.extension?.controlSocket) return ext.extension.controlSocket;
    }
  }
  throw new Error(`The kubeconfig ${path} does not point at a podnet lab (it has no ${LAB_EXTENSION} extension).`);
}
