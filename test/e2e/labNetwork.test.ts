// The lab's pods are real network endpoints: exec runs the image's real tools in the pod's
// namespace, traffic crosses real bridges and a router, Services and DNS work as kube-proxy and
// CoreDNS make them, packet loss is real, and nothing is left when the lab ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, PortForward } from '@kubernetes/client-node';
import { createServer } from 'node:net';
import { get as httpGet } from 'node:http';
import { kubectlPath, runKubectl } from '../helpers/kubectl.js';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { startLab, type RunningLab } from '../helpers/lab.js';
import { execInPod, kubeConfig } from '../helpers/podExec.js';

let lab: RunningLab;
let kc: ReturnType<typeof kubeConfig>;
let api: CoreV1Api;
const ips: Record<string, string> = {};

beforeAll(async () => {
  lab = await startLab();
  kc = kubeConfig(lab.kubeconfig);
  api = kc.makeApiClient(CoreV1Api);
  for (const p of (await api.listNamespacedPod({ namespace: 'default' })).items) ips[p.metadata!.name!] = p.status!.podIP!;
}, 90_000);

afterAll(async () => {
  await lab?.stop();
});

function labNamespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(`podnet-${lab.child.pid}-pod-`));
}

const run = (pod: string, argv: string[], container = '') => execInPod(kc, 'default', pod, argv, container);

describe('the lab pods are real network endpoints', () => {
  it('client-pod pings practice-pod: three real busybox replies', async () => {
    const r = await run('client-pod', ['ping', '-c', '3', ips['practice-pod']!]);
    expect(r.exitCode).toBe(0);
    const replies = r.stdout.split('\n').filter((l) => l.startsWith(`64 bytes from ${ips['practice-pod']}: seq=`));
    expect(replies).toHaveLength(3);
    expect(replies[0]).toMatch(/seq=0 ttl=64 time=\d+\.\d+ ms$/);
    expect(r.stdout).toContain('3 packets transmitted, 3 packets received, 0% packet loss');
  });

  it('cross-node traffic crosses the router: the TTL drops by three hops', async () => {
    const r = await run('client-pod', ['ping', '-c', '1', ips.backend!]);
    expect(r.stdout).toMatch(new RegExp(`64 bytes from ${ips.backend!.replace(/\./g, '\\.')}: seq=0 ttl=61 `));
  });

  it('wget -qO- http://<practice-pod IP> returns the real nginx welcome page', async () => {
    const r = await run('client-pod', ['wget', '-qO-', `http://${ips['practice-pod']}`]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
  });

  it('nc -zv reaches db on 5432 and is refused on 5433', async () => {
    const open = await run('client-pod', ['nc', '-zv', ips.db!, '5432']);
    expect(open.exitCode).toBe(0);
    expect(open.stderr).toContain(`${ips.db} (${ips.db}:5432) open`);
    const refused = await run('client-pod', ['nc', '-zv', '-w', '2', ips.db!, '5433']);
    expect(refused.exitCode).toBe(1);
  });

  it('the image decides the tools: nginx has curl but no ping; distroless has nothing', async () => {
    const curl = await run('practice-pod', ['curl', '-s', `http://${ips.backend}:8080/api/users`]);
    expect(JSON.parse(curl.stdout)[0].name).toBe('alice');
    const ping = await run('practice-pod', ['ping', '-c', '1', ips.backend!]);
    expect(ping.exitCode).not.toBe(0);
    expect(ping.stdout + ping.stderr + (ping.status.message ?? '')).toContain('executable file not found in $PATH');
    const sh = await run('distroless-app', ['sh', '-c', 'true']);
    expect(sh.exitCode).not.toBe(0);
    expect(sh.stdout + sh.stderr + (sh.status.message ?? '')).toContain('"sh": executable file not found in $PATH');
  });

  it('the exit code of sh -c "exit 3" arrives as 3', async () => {
    expect((await run('client-pod', ['sh', '-c', 'exit 3'])).exitCode).toBe(3);
  });

  it('after expose, nslookup practice-service answers the ClusterIP and wget through it reaches nginx', async () => {
    const svc = await api.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'practice-service' }, spec: { selector: { app: 'practice' }, ports: [{ port: 80, targetPort: 80 }] } },
    });
    const clusterIP = svc.spec!.clusterIP!;
    const dns = await run('client-pod', ['nslookup', 'practice-service']);
    expect(dns.stdout).toContain('Name:\tpractice-service.default.svc.cluster.local');
    expect(dns.stdout).toContain(`Address: ${clusterIP}`);
    let page = '';
    for (let i = 0; i < 50 && !page.includes('Welcome to nginx!'); i++) {
      page = (await run('client-pod', ['wget', '-qO-', '-T', '2', `http://practice-service`])).stdout;
    }
    expect(page).toContain('Welcome to nginx!');
    const ptr = await run('client-pod', ['nslookup', clusterIP]);
    expect(ptr.stdout).toContain('name = practice-service.default.svc.cluster.local');
    const podPtr = await run('client-pod', ['nslookup', ips['practice-pod']!]);
    expect(podPtr.stdout).not.toContain('name =');
  });

  it('a NodePort opens on every node\'s address from the host', async () => {
    const nodes = (await api.listNode()).items;
    for (const node of nodes) {
      const ip = node.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
      expect(ip).toMatch(/^127\./);
      const body = execFileSync('curl', ['-s', '--max-time', '5', `http://${ip}:30080/health`], { encoding: 'utf8' });
      expect(JSON.parse(body)).toEqual({ status: 'ok' });
    }
  });

  it('loss client-pod 50 makes a 40-packet ping lose real packets; heal ends it', async () => {
    expect((await lab.fault('loss', 'client-pod', '50')).code).toBe(0);
    const lossy = await run('client-pod', ['ping', '-c', '40', '-i', '0.05', '-W', '1', ips['practice-pod']!]);
    const lost = Number(/(\d+)% packet loss/.exec(lossy.stdout)?.[1]);
    expect(lost).toBeGreaterThan(10);
    expect(lost).toBeLessThan(90);
    expect((await lab.fault('heal', 'client-pod')).code).toBe(0);
    const healed = await run('client-pod', ['ping', '-c', '40', '-i', '0.05', ips['practice-pod']!]);
    expect(healed.stdout).toContain('40 packets transmitted, 40 packets received, 0% packet loss');
  });

  it('restart-pod moves the pod to a new namespace and IP that answers', async () => {
    const r = await lab.fault('restart-pod', 'practice-pod');
    expect(r.code).toBe(0);
    const after = (await api.readNamespacedPod({ namespace: 'default', name: 'practice-pod' })).status!.podIP!;
    expect(after).not.toBe(ips['practice-pod']);
    const page = await run('client-pod', ['wget', '-qO-', `http://${after}`]);
    expect(page.stdout).toContain('Welcome to nginx!');
  });
});

describe('pods that go away', () => {
  it('a pod deleted while it is still starting leaves no namespace behind', async () => {
    const before = labNamespaces().length;
    const pod = await api.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'short-lived' }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    });
    await api.deleteNamespacedPod({ namespace: 'default', name: 'short-lived', gracePeriodSeconds: 0 });
    const uid = pod.metadata!.uid!.replace(/-/g, '').slice(0, 12);
    for (let i = 0; i < 100 && labNamespaces().some((n) => n.endsWith(uid)); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500)); // long enough for a start that was under way to finish
    expect(labNamespaces().filter((n) => n.endsWith(uid))).toEqual([]);
    expect(labNamespaces().length).toBe(before);
  });
});

describe('kubectl 1.33 runs the tutorial\'s commands against the lab unchanged', () => {
  const kubectl = (args: string[], stdin?: string) => runKubectl(kubectlPath('1.33'), lab.kubeconfig, args, stdin === undefined ? {} : { stdin });

  // practice-pod was restarted above: read its IP again.
  const practiceIP = async () => (await api.readNamespacedPod({ namespace: 'default', name: 'practice-pod' })).status!.podIP!;

  it('exec ping, wget and nslookup from client-pod', async () => {
    const ip = await practiceIP();
    const ping = await kubectl(['exec', 'client-pod', '--', 'ping', '-c', '3', ip]);
    expect(ping.code).toBe(0);
    expect(ping.stdout).toContain('3 packets transmitted, 3 packets received, 0% packet loss');
    const wget = await kubectl(['exec', 'client-pod', '--', 'wget', '-qO-', `http://${ip}`]);
    expect(wget.stdout).toContain('Welcome to nginx!');
    const dns = await kubectl(['exec', 'client-pod', '--', 'nslookup', 'backend']);
    expect(dns.stdout).toContain('Name:\tbackend.default.svc.cluster.local');
  });

  it('an interactive sh reads its commands from stdin, and its exit code comes back', async () => {
    const r = await kubectl(['exec', '-i', 'client-pod', '--', 'sh'], 'echo "pod says $HOSTNAME"\nwget -qO- http://backend:8080/health\nexit 5\n');
    expect(r.stdout).toContain('pod says client-pod');
    expect(r.stdout).toContain('{"status":"ok"}');
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('command terminated with exit code 5');
  });

  it('exec -it gets a terminal, and what the session leaves running ends with it', async () => {
    // `script` gives kubectl the terminal that -it asks for.
    const cmd = `${kubectlPath('1.33')} --kubeconfig ${lab.kubeconfig} exec -it client-pod -- sh -c "trap '' HUP; sleep 7777 & tty; exit 4"`;
    const r = await new Promise<{ code: number | null; out: string }>((ok) => {
      const c = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('exit', (code) => ok({ code, out }));
      c.stdin.end();
    });
    expect(r.out).toMatch(/\/dev\/pts\/\d+/);
    expect(r.code).toBe(4);
    await new Promise((res) => setTimeout(res, 500));
    const left = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').startsWith('sleep\u00007777');
      } catch {
        return false;
      }
    });
    expect(left).toEqual([]);
  });

  it('port-forward practice-pod 8080:80, then curl localhost returns the nginx page', async () => {
    const child = spawn(kubectlPath('1.33'), ['--kubeconfig', lab.kubeconfig, 'port-forward', 'pod/practice-pod', ':80'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await new Promise<number>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(out);
          if (m) ok(Number(m[1]));
        });
        child.on('exit', (c) => fail(new Error(`kubectl port-forward exited ${c}: ${out}`)));
      });
      const page = execFileSync('curl', ['-s', '--max-time', '5', `http://127.0.0.1:${port}/`], { encoding: 'utf8' });
      expect(page).toContain('<title>Welcome to nginx!</title>');
    } finally {
      child.kill();
    }
  });

  it('kubectl debug adds the debug image to distroless-app; exec into it has iputils ping, curl, nc and iperf3', async () => {
    const debug = await kubectl(['debug', 'distroless-app', '--image=podnet/debug:1.0', '--container=debugger', '--', 'sleep', '3600']);
    expect(debug.code, debug.stderr).toBe(0);
    let state: unknown;
    for (let i = 0; i < 50 && !state; i++) {
      const pod = await api.readNamespacedPod({ namespace: 'default', name: 'distroless-app' });
      state = pod.status?.ephemeralContainerStatuses?.find((c) => c.name === 'debugger')?.state?.running;
      if (!state) await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBeTruthy();
    const ping = await kubectl(['exec', 'distroless-app', '-c', 'debugger', '--', 'ping', '-c', '1', ips.backend!]);
    expect(ping.stdout).toMatch(/64 bytes from [\d.]+: icmp_seq=1 ttl=\d+ time=/); // iputils' wording, not busybox's
    const tools = await kubectl(['exec', 'distroless-app', '-c', 'debugger', '--', 'sh', '-c', 'for t in curl nc iperf3 nslookup; do command -v $t; done']);
    expect(tools.stdout.trim().split('\n')).toHaveLength(4);
    const stillBare = await kubectl(['exec', 'distroless-app', '--', 'ls']);
    expect(stillBare.code).not.toBe(0);
  });

  it('a debug image the lab lacks stays waiting in ErrImagePull, as a kubelet reports it', async () => {
    const debug = await kubectl(['debug', 'cache', '--image=nosuch/image:1', '--container=nosuch', '--', 'sleep', '3600']);
    expect(debug.code, debug.stderr).toBe(0);
    let waiting: { reason?: string; message?: string } | undefined;
    for (let i = 0; i < 50 && !waiting; i++) {
      const pod = await api.readNamespacedPod({ namespace: 'default', name: 'cache' });
      waiting = pod.status?.ephemeralContainerStatuses?.find((c) => c.name === 'nosuch')?.state?.waiting;
      if (!waiting) await new Promise((r) => setTimeout(r, 100));
    }
    expect(waiting?.reason).toBe('ErrImagePull');
    expect(waiting?.message).toContain('nosuch/image:1');
    const exec = await kubectl(['exec', 'cache', '-c', 'nosuch', '--', 'true']);
    expect(exec.code).not.toBe(0);
  });

  it('100 parallel client-node forwards of 1 MB from a pod all arrive whole', async () => {
    const pf = new PortForward(kc);
    const server = createServer((socket) => {
      pf.portForward('default', 'backend', [8080], socket, null, socket).catch(() => socket.destroy());
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    try {
      const sizes = await Promise.all(Array.from({ length: 100 }, () => new Promise<number>((ok, fail) => {
        httpGet({ host: '127.0.0.1', port, path: '/bytes/1048576', agent: false }, (res) => {
          let n = 0;
          res.on('data', (d: Buffer) => (n += d.length));
          res.on('end', () => ok(n));
        }).on('error', fail);
      })));
      expect(sizes.filter((n) => n === 1048576)).toHaveLength(100);
    } finally {
      server.close();
    }
  });
});

describe('after the lab ends', () => {
  it('its namespaces, /etc/netns folders and processes are gone', async () => {
    const pid = lab.child.pid!;
    const prefix = `podnet-${pid}-`;
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).toContain(prefix);
    await lab.stop('SIGTERM');
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(prefix);
    expect(existsSync('/etc/netns') ? readdirSync('/etc/netns').filter((n) => n.startsWith(prefix)) : []).toEqual([]);
    const leftovers = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`/lab-${pid}/`);
      } catch {
        return false;
      }
    });
    expect(leftovers).toEqual([]);
  });
});
