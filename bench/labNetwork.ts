// Lab network figures (JSON on stdout), against a real `podnet lab` (root):
//  - exec round trip of `true` through client-node;
//  - ping RTT client-pod -> practice-pod through the lab vs. the same busybox ping between two
//    bare namespaces joined by one veth (made and removed here);
//  - port-forward download throughput from a pod (the lab app's /bytes/N): client-node's
//    PortForward vs. the same server on the host's loopback, and vs. kubectl 1.33's, same pod;
//  - 100 parallel connections of 1 MB each through client-node's PortForward.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createServer as createHttpServer, get as httpGet } from 'node:http';
import { serveHttpApp } from '../src/lab/agent/appServers.js';
import { CoreV1Api, Exec, KubeConfig, PortForward } from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { resolve } from 'node:path';
import { startLab } from './support/lab.js';

const KUBECTL = resolve('.tools/kubectl-1.33/kubectl');
const BUSYBOX = '/usr/local/lib/podnet/busybox';
const MB = 1024 * 1024;
const round = (n: number) => Math.round(n * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;


function exec(kc: KubeConfig, pod: string, argv: string[]): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  return new Promise((ok, fail) => {
    new Exec(kc).exec('default', pod, '', argv, out, null, null, false, () => setTimeout(() => ok(text), 20)).catch(fail);
  });
}

function pingAvg(output: string): number {
  return Number(/round-trip min\/avg\/max = [\d.]+\/([\d.]+)\//.exec(output)?.[1]);
}

function bareNamespacePing(): number {
  const a = `pnbench-${process.pid}-a`;
  const b = `pnbench-${process.pid}-b`;
  try {
    for (const ns of [a, b]) execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['-n', a, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', b]);
    execFileSync('ip', ['-n', a, 'addr', 'add', '10.99.0.1/24', 'dev', 'eth0']);
    execFileSync('ip', ['-n', b, 'addr', 'add', '10.99.0.2/24', 'dev', 'eth0']);
    for (const ns of [a, b]) execFileSync('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    return pingAvg(execFileSync('ip', ['netns', 'exec', a, BUSYBOX, 'ping', '-c', '20', '-i', '0.05', '10.99.0.2'], { encoding: 'utf8' }));
  } finally {
    for (const ns of [a, b]) execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
  }
}

/** GET PATH on 127.0.0.1:PORT and read the whole body; returns MB/s of body. */
function httpDownload(port: number, path: string, bytes: number): Promise<number> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    httpGet({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let got = 0;
      res.on('data', (d: Buffer) => (got += d.length));
      res.on('end', () => (got === bytes ? ok((bytes / MB) / ((performance.now() - t0) / 1000)) : fail(new Error(`got ${got} of ${bytes} bytes`))));
      res.on('error', fail);
    }).on('error', fail);
  });
}

function localForward(kc: KubeConfig, pod: string, port: number): Promise<{ port: number; close: () => void }> {
  const pf = new PortForward(kc);
  const server = createServer((socket) => {
    pf.portForward('default', pod, [port], socket, null, socket).catch(() => socket.destroy());
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ port: (server.address() as { port: number }).port, close: () => server.close() })));
}

function kubectlForward(kubeconfig: string, pod: string, remote: number): Promise<{ port: number; close: () => void }> {
  return new Promise((ok, fail) => {
    const child = spawn(KUBECTL, ['--kubeconfig', kubeconfig, 'port-forward', `pod/${pod}`, `:${remote}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) ok({ port: Number(m[1]), close: () => child.kill() });
    });
    child.on('exit', (c) => fail(new Error(`kubectl port-forward exited ${c}: ${out}`)));
  });
}


const lab = await startLab();
try {
  const kc = new KubeConfig();
  kc.loadFromFile(lab.kubeconfig);
  await exec(kc, 'client-pod', ['true']);
  const execMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await exec(kc, 'client-pod', ['true']);
    execMs.push(performance.now() - t0);
  }
  const practiceIP = (await kc.makeApiClient(CoreV1Api).readNamespacedPod({ namespace: 'default', name: 'practice-pod' })).status!.podIP!;
  const labPing = pingAvg(await exec(kc, 'client-pod', ['ping', '-c', '20', '-i', '0.05', practiceIP]));
  const barePing = bareNamespacePing();

  // The lab app's /bytes/N route serves the bytes, in the backend pod (through a forward) and, for
  // the direct figure, the same handler on the host's loopback.
  const SIZE_MB = 256;
  const get = (port: number, bytes: number) => httpDownload(port, `/bytes/${bytes}`, bytes);
  const host = createHttpServer(serveHttpApp('bench', '127.0.0.1', 0));
  await new Promise<void>((ok) => host.listen(0, '127.0.0.1', ok));
  const directMBs = await get((host.address() as { port: number }).port, SIZE_MB * MB);
  host.close();
  const node = await localForward(kc, 'backend', 8080);
  const nodeMBs = await get(node.port, SIZE_MB * MB);
  const kubectl = await kubectlForward(lab.kubeconfig, 'backend', 8080);
  const kubectlMBs = await get(kubectl.port, SIZE_MB * MB);
  kubectl.close();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 100 }, () => get(node.port, MB)));
  const hundredMs = performance.now() - t0;
  node.close();

  console.log(JSON.stringify({
    execRoundTripMs: { median: round(median(execMs)), min: round(Math.min(...execMs)), runs: execMs.length },
    pingAvgMs: { labSameNode: labPing, bareNamespaces: barePing },
    portForwardDownloadMBps: {
      payloadMB: SIZE_MB, directLoopback: round(directMBs), clientNode: round(nodeMBs), kubectl133: round(kubectlMBs),
      clientNodeVsDirect: round(nodeMBs / directMBs), clientNodeVsKubectl: round(nodeMBs / kubectlMBs),
    },
    hundredConnections1MB: { totalMs: round(hundredMs), aggregateMBps: round(100 / (hundredMs / 1000)) },
  }, null, 2));
} finally {
  await lab.stop();
}
