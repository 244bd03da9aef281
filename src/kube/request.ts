// One GET against the API server, authenticated by client-node (tokens, client certificates, exec
// plugins, proxies: KubeConfig.applyToHTTPSOptions), answered as parsed JSON. The generated typed
// client is not used for lists: it turns 20,000 pods into class instances in ~3 s and ~400 MB.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A non-2xx answer, with the apiserver's Status when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly body: { reason?: string; message?: string; details?: { kind?: string } } | undefined,
  ) {
    super(body?.message || `HTTP ${status}`);
  }
}

/** The kubeconfig's credentials could not be obtained (an exec plugin failed, a token file is gone). */
export class AuthError extends Error {
  constructor(readonly user: string, override readonly cause: unknown) {
    super((cause as Error)?.message ?? String(cause));
  }
}

export interface GetOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export async function getJson<T>(kc: KubeConfig, path: string, o: GetOptions = {}): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  const opts: RequestOptions = { headers: {} };
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (e) {
    throw new AuthError(kc.getCurrentUser()?.name ?? '', e);
  }
  if (opts.agent instanceof Agent && opts.agent.constructor === Agent) opts.agent = keepAliveAgent(kc, opts);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  // A kept-alive connection the server closed for idleness just as it was reused fails with
  // ECONNRESET before any answer; a GET is safe to send again once on a fresh connection
  // (the pattern Node's docs give for `request.reusedSocket`).
  const once = (retry: boolean): Promise<T> => new Promise<T>((resolve, reject) => {
    const req = send(url, {
      ...opts,
      method: 'GET',
      headers: { ...opts.headers, Accept: 'application/json' },
      signal: o.signal,
      timeout: o.timeoutMs ?? 30_000,
    }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        if (status >= 200 && status < 300 && body !== undefined) resolve(body as T);
        else reject(new ApiError(status, path, body as ApiError['body']));
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && e.code === 'ECONNRESET' && !o.signal?.aborted) resolve(once(false));
      else reject(e);
    });
    req.end();
  });
  return once(true);
}

// client-node makes a new Agent for every request, so every page of a list would pay a TLS
// handshake. Requests with the same TLS material share one keep-alive agent per KubeConfig
// (an exec plugin that rotates a client certificate gets a new one). Proxy agents are kept as made.
const agents = new WeakMap<KubeConfig, Map<string, Agent>>();

function keepAliveAgent(kc: KubeConfig, o: RequestOptions): Agent {
  const tls = { ca: o.ca, cert: o.cert, key: o.key, pfx: o.pfx, passphrase: o.passphrase, servername: o.servername, rejectUnauthorized: o.rejectUnauthorized };
  const id = JSON.stringify(tls, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
  let byTls = agents.get(kc);
  if (!byTls) agents.set(kc, (byTls = new Map()));
  let agent = byTls.get(id);
  if (!agent) {
    for (const old of byTls.values()) old.destroy();
    byTls.clear();
    agent = new Agent({ ...tls, keepAlive: true, maxSockets: 4 });
    byTls.set(id, agent);
  }
  return agent;
}

/** Closes the kept-alive connections of a KubeConfig (when its session ends). */
export function releaseConnections(kc: KubeConfig): void {
  for (const agent of agents.get(kc)?.values() ?? []) agent.destroy();
  agents.delete(kc);
}
