// Lab API figures (JSON on stdout): start to `lab ready` for the tutorial and the scale
// scenario, listing 20,000 pods as JSON and as a Table, and watch-event throughput.
import { request, type RequestOptions } from 'node:https';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { startLab } from './support/lab.js';




function client(kubeconfig: string) {
  const doc = load(readFileSync(kubeconfig, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
  };
  const server = new URL(doc.clusters[0]!.cluster.server);
  const base: RequestOptions = {
    host: server.hostname, port: server.port,
    ca: Buffer.from(doc.clusters[0]!.cluster['certificate-authority-data'], 'base64'),
    headers: { Authorization: `Bearer ${doc.users.find((u) => u.name === 'admin')!.user.token}` },
  };
  return (method: string, path: string, headers: Record<string, string> = {}, body?: string, onData?: (c: Buffer) => void) =>
    new Promise<{ status: number; bytes: number }>((ok, fail) => {
      const req = request({ ...base, method, path, headers: { ...base.headers, ...headers } }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          onData?.(c);
        });
        res.on('end', () => ok({ status: res.statusCode ?? 0, bytes }));
      });
      req.on('error', fail);
      req.end(body);
    });
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

const round = (n: number) => Math.round(n * 10) / 10;

const tutorial = await startLab([]);
await tutorial.stop();

const scale = await startLab(['--scenario', 'scale', '--pods', '20000', '--nodes', '500']);
const call = client(scale.kubeconfig);
await call('GET', '/api/v1/pods'); // warm up
const [json, jsonMs] = await timed(() => call('GET', '/api/v1/pods', { Accept: 'application/json' }));
const [table, tableMs] = await timed(() => call('GET', '/api/v1/pods?limit=500', {
  Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
}));
const [fullTable, fullTableMs] = await timed(() => call('GET', '/api/v1/pods', {
  Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
}));

// Watch throughput: one watch on a namespace, N label patches sent 32 at a time.
const N = 4000;
let events = 0;
let lastEventAt = 0;
let buffered = '';
const watchDone = call('GET', '/api/v1/namespaces/scale-00/pods?watch=1&resourceVersion=&timeoutSeconds=120', {}, undefined, (c) => {
  buffered += c.toString('utf8');
  const lines = buffered.split('\n');
  buffered = lines.pop()!;
  for (const l of lines) if (l.includes('"MODIFIED"')) {
    events++;
    lastEventAt = performance.now();
  }
});
await new Promise((r) => setTimeout(r, 300));
const names = Array.from({ length: 2000 }, (_, i) => `pod-${String(i * 10).padStart(5, '0')}`);
const t0 = performance.now();
let sent = 0;
async function worker() {
  while (sent < N) {
    const i = sent++;
    await call('PATCH', `/api/v1/namespaces/scale-00/pods/${names[i % names.length]}`,
      { 'Content-Type': 'application/merge-patch+json' }, JSON.stringify({ metadata: { labels: { bench: String(i) } } }));
  }
}
await Promise.all(Array.from({ length: 32 }, worker));
const patchMs = performance.now() - t0;
const deadline = Date.now() + 10_000;
while (events < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
void watchDone.catch(() => {});
await scale.stop();

console.log(JSON.stringify({
  labReadyMs: { tutorial: round(tutorial.ms), scale20000pods500nodes: round(scale.ms) },
  list20000Pods: {
    json: { ms: round(jsonMs), bytes: json.bytes, status: json.status },
    tablePage500: { ms: round(tableMs), bytes: table.bytes },
    tableAll: { ms: round(fullTableMs), bytes: fullTable.bytes },
  },
  watch: {
    patches: N, patchesPerSec: round(N / (patchMs / 1000)), eventsReceived: events,
    eventsPerSec: round(events / ((lastEventAt - t0) / 1000)),
  },
}, null, 2));
