// A stand-in API server for the watch-storm bench: it serves a pod list and a watch stream that
// emits MODIFIED events at a set rate, so the explorer's side of a storm can be pushed beyond what
// the lab (one core, on the same machine) can generate. Plain HTTP; the kubeconfig says so.
import { createServer, type ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';

export interface FakeApi {
  kubeconfig: string;
  /** Events a second on the pods watch (0 stops the storm). */
  setRate: (perSec: number) => void;
  /** One event now, for a pod on screen. */
  emit: (i: number, restarts: number) => void;
  sent: () => number;
  close: () => Promise<void>;
}

const iso = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function pod(i: number, rv: number, restarts: number) {
  const ns = `scale-${String(i % 10).padStart(2, '0')}`;
  const ip = `10.${128 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
  return {
    kind: 'Pod', apiVersion: 'v1',
    metadata: { name: `pod-${String(i).padStart(5, '0')}`, namespace: ns, uid: `uid-${i}`, resourceVersion: String(rv), creationTimestamp: iso, labels: { app: 'web', shard: String(i % 16) } },
    spec: { containers: [{ name: 'app', image: 'podnet/lab-app:1.0', ports: [{ containerPort: 8080, protocol: 'TCP' }] }], nodeName: `node-${i % 100}` },
    status: {
      phase: 'Running', hostIP: '127.0.20.1', podIP: ip, podIPs: [{ ip }], startTime: iso,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: iso })),
      containerStatuses: [{ name: 'app', state: { running: { startedAt: iso } }, lastState: {}, ready: true, restartCount: restarts, image: 'podnet/lab-app:1.0', imageID: 'x', containerID: 'containerd://0', started: true }],
      qosClass: 'BestEffort',
    },
  };
}

export async function startFakeApi(pods: number, dir: string): Promise<FakeApi> {
  let rv = 1000;
  let rate = 0;
  let sent = 0;
  const watches = new Set<ServerResponse>();
  const send = (i: number, restarts: number) => {
    const line = `${JSON.stringify({ type: 'MODIFIED', object: pod(i, ++rv, restarts) })}\n`;
    for (const w of watches) w.write(line);
    sent++;
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('Content-Type', 'application/json');
    if (url.pathname === '/api/v1/nodes') {
      if (url.searchParams.get('watch')) return void res.writeHead(200).flushHeaders(); // a quiet watch
      const items = Array.from({ length: 100 }, (_, n) => ({ metadata: { name: `node-${n}`, uid: `n${n}`, resourceVersion: '1' }, spec: { podCIDR: '10.0.0.0/24' }, status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '127.0.20.1' }] } }));
      return void res.end(JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items }));
    }
    if (url.pathname !== '/api/v1/pods') return void res.writeHead(404).end('{}');
    if (url.searchParams.get('watch')) {
      res.writeHead(200);
      res.flushHeaders();
      watches.add(res);
      req.on('close', () => watches.delete(res));
      return;
    }
    res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items: Array.from({ length: pods }, (_, i) => pod(i, rv, 0)) }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  const kubeconfig = `${dir}/fake.kubeconfig`;
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: fake',
    'clusters: [{name: fake, cluster: {server: "http://127.0.0.1:' + port + '", insecure-skip-tls-verify: true}}]',
    'users: [{name: fake, user: {token: x}}]',
    'contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: default}}]', '',
  ].join('\n'));
  const timer = setInterval(() => {
    // 10 ms slices; pods off screen (index >= 1000) so the storm tests absorbing, not drawing.
    for (let n = 0; n < rate / 100; n++) send(1000 + Math.floor(Math.random() * (pods - 1000)), 1 + (sent % 50));
  }, 10);
  return {
    kubeconfig,
    setRate: (r) => (rate = r),
    emit: send,
    sent: () => sent,
    close: () => {
      clearInterval(timer);
      for (const w of watches) w.destroy();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}
