// `podnet probe` end to end against one lab: every kind, success and failure, --json checked
// field by field; fallbacks (no ping, distroless + --debug); refusals (read-only user, --readonly,
// bad input); and ends that must leave nothing running in the pod (Ctrl-C, the source restarted).
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execStoppable } from '../../src/kube/exec';
import { PODNET, runPodnet, startLab, type RunningLab } from '../helpers/lab';
import { kubectlPath, runKubectl } from '../helpers/kubectl';
import { poll } from '../helpers/poll';

let lab: RunningLab;
let kubectl: string;
const pods = new Map<string, { ip: string; node: string }>();

const kc = (...args: string[]) => runKubectl(kubectl, lab.kubeconfig, args);
const probe = (...args: string[]) => runPodnet(['probe', ...args, '--kubeconfig', lab.kubeconfig]);
async function probeJson(...args: string[]) {
  const r = await probe(...args, '--json');
  const lines = r.stdout.trim().split('\n');
  expect(lines, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).toHaveLength(1);
  return { ...r, json: JSON.parse(lines[0]!) };
}

async function refreshPods(): Promise<void> {
  const r = await kc('get', 'pods', '-o', 'json');
  for (const p of JSON.parse(r.stdout).items) pods.set(p.metadata.name, { ip: p.status.podIP, node: p.spec.nodeName });
}

/** Commands running in the lab's pods (their network namespaces), other than the lab's own. */
function podCommands(): string[] {
  const labPid = lab.child.pid!;
  const names = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(`podnet-${labPid}-pod-`));
  const out: string[] = [];
  for (const ns of names) {
    for (const pid of execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
        if (!/lab agent|nginx: /.test(cmd)) out.push(cmd);
      } catch {
        // exited meanwhile
      }
    }
  }
  return out;
}

beforeAll(async () => {
  kubectl = kubectlPath('1.33');
  lab = await startLab();
  await refreshPods();
  // The tutorial's `kubectl expose pod practice-pod`: the scenario has no practice-service.
  const svc = await kc('expose', 'pod', 'practice-pod', '--name', 'practice-service', '--port', '80');
  expect(svc.code).toBe(0);
});

afterAll(async () => {
  await lab?.stop();
});

describe('ping', () => {
  it('client-pod -> practice-pod: three replies, --json in DESIGN.md\'s shape', async () => {
    const { code, json, stderr } = await probeJson('client-pod', 'practice-pod');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json).toMatchObject({
      kind: 'ping', ok: true, reason: 'completed',
      source: { namespace: 'default', pod: 'client-pod', ip: pods.get('client-pod')!.ip, node: pods.get('client-pod')!.node, container: 'busybox' },
      target: { namespace: 'default', pod: 'practice-pod', ip: pods.get('practice-pod')!.ip, node: pods.get('practice-pod')!.node },
      tool: 'busybox ping', sent: 3, received: 3, lossPct: 0, http: null, tcp: null, dns: null, error: null, note: null,
    });
    expect(json.replies.map((r: { seq: number }) => r.seq)).toEqual([0, 1, 2]);
    for (const r of json.replies) expect(r).toEqual({ seq: expect.any(Number), ttl: 64, rttMs: expect.any(Number) });
    expect(Object.keys(json.rttMs)).toEqual(['min', 'avg', 'max', 'mdev']);
    expect(json.rttMs.min).toBeLessThanOrEqual(json.rttMs.avg);
    expect(json.rttMs.avg).toBeLessThanOrEqual(json.rttMs.max);
  });

  it('text output: one line per reply, then the summary', async () => {
    const r = await probe('client-pod', 'default/practice-pod', '--count', '2', '--interval', '0.2');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`ping from default/client-pod to default/practice-pod (${pods.get('practice-pod')!.ip})`);
    expect(lines[1]).toBe('using busybox ping in container busybox');
    expect(lines[2]).toMatch(new RegExp(`^reply from ${pods.get('practice-pod')!.ip.replace(/\./g, '\\.')}: seq=0 ttl=64 time=[\\d.]+ ms$`));
    expect(lines[3]).toMatch(/^reply from .*: seq=1 /);
    expect(lines[4]).toBe('--- 2 sent, 2 received, 0% loss');
    expect(lines[5]).toMatch(/^rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms$/);
  });

  it('an address nobody has: 100% loss, exit 1', async () => {
    const { code, json } = await probeJson('client-pod', '10.244.1.200', '--count', '2');
    expect(code).toBe(1);
    expect(json).toMatchObject({
      kind: 'ping', ok: false, reason: 'completed', target: { namespace: null, pod: null, ip: '10.244.1.200', node: null },
      sent: 2, received: 0, lossPct: 100, rttMs: null, replies: [], error: 'no reply from 10.244.1.200 (2 sent)',
    });
  });

  it('from practice-pod (nginx, no ping): a TCP connect instead, with a note', async () => {
    const { code, json } = await probeJson('practice-pod', 'backend');
    expect(code).toBe(0);
    expect(json).toMatchObject({
      kind: 'ping', ok: true, tool: 'curl telnet://', container: 'nginx',
      note: 'no ping in the container: a TCP connect with curl instead',
      sent: null, received: null, tcp: { port: 8080, open: true, state: 'open' }, error: null,
    });
    expect(json.tcp.connectMs).toBeGreaterThan(0);
  });
});

describe('http', () => {
  it('200 and the page title from practice-pod', async () => {
    const { code, json } = await probeJson('client-pod', 'practice-pod', '--kind', 'http');
    expect(code).toBe(0);
    expect(json).toMatchObject({ kind: 'http', ok: true, tool: 'busybox wget', error: null, sent: null });
    expect(json.http).toEqual({ status: 200, connectMs: null, firstByteMs: null, totalMs: null, bytes: 615, title: 'Welcome to nginx!' });
  });

  it('404 from backend /nope: exit 1', async () => {
    const { code, json } = await probeJson('client-pod', 'backend', '--kind', 'http', '--path', '/nope');
    expect(code).toBe(1);
    expect(json).toMatchObject({ kind: 'http', ok: false, target: { pod: 'backend', ip: pods.get('backend')!.ip } });
    expect(json.http.status).toBe(404);
    expect(json.error).toMatch(/404/);
  });

  it('curl timings from the debug container', async () => {
    const { code, json } = await probeJson('distroless-app', 'practice-pod', '--kind', 'http', '--debug');
    expect(code).toBe(0);
    expect(json).toMatchObject({ tool: 'curl', http: { status: 200, title: 'Welcome to nginx!', bytes: 615 } });
    expect(json.http.totalMs).toBeGreaterThan(0);
    expect(json.http.connectMs).toBeGreaterThan(0);
  });
});

describe('tcp', () => {
  it('db 5432 open', async () => {
    const { code, json } = await probeJson('client-pod', 'db', '--kind', 'tcp', '--port', '5432');
    expect(code).toBe(0);
    expect(json).toMatchObject({ kind: 'tcp', ok: true, tool: 'busybox nc', tcp: { port: 5432, open: true, state: 'open' }, error: null });
  });

  it('db 5433 refused: exit 1', async () => {
    const { code, json } = await probeJson('client-pod', 'db', '--kind', 'tcp', '--port', '5433');
    expect(code).toBe(1);
    expect(json).toMatchObject({ kind: 'tcp', ok: false, tcp: { port: 5433, open: false, state: 'refused', connectMs: null } });
    expect(json.error).toMatch(/Connection refused/);
  });
});

describe('dns', () => {
  it('practice-service resolves to its ClusterIP', async () => {
    const ip = (await kc('get', 'svc', 'practice-service', '-o', 'jsonpath={.spec.clusterIP}')).stdout;
    const { code, json } = await probeJson('client-pod', 'practice-service', '--kind', 'dns');
    expect(code).toBe(0);
    expect(json).toMatchObject({ kind: 'dns', ok: true, tool: 'busybox nslookup', target: { name: 'practice-service', pod: null }, dns: { query: 'practice-service', server: '10.96.0.10', answers: [ip] }, error: null });
  });

  it('a pod as DST: the Service that selects it', async () => {
    const { code, json } = await probeJson('client-pod', 'practice-pod', '--kind', 'dns');
    expect(code).toBe(0);
    expect(json.dns.query).toBe('practice-service.default.svc.cluster.local');
    expect(json.target).toMatchObject({ pod: 'practice-pod', name: 'practice-service.default.svc.cluster.local' });
  });

  it('a missing name: NXDOMAIN, exit 1', async () => {
    const { code, json } = await probeJson('client-pod', 'no-such-service', '--kind', 'dns');
    expect(code).toBe(1);
    expect(json).toMatchObject({ kind: 'dns', ok: false, dns: { query: 'no-such-service', answers: [] }, error: 'no-such-service: NXDOMAIN' });
  });
});

describe('sources without tools', () => {
  it('a source with no tool and no podnet debug container (frontend), without --debug: exit 2, saying to pass --debug', async () => {
    const r = await probe('frontend', 'practice-pod');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^podnet: Cannot ping from container \S+ of pod default\/frontend: .*--debug/);
    const spec = JSON.parse((await kc('get', 'pod', 'frontend', '-o', 'json')).stdout).spec.ephemeralContainers;
    expect(spec ?? []).toEqual([]);
  });

  it('distroless-app with --debug: from the ephemeral debug container', async () => {
    const { code, json } = await probeJson('distroless-app', 'practice-pod', '--debug', '--count', '2');
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, tool: 'iputils ping', sent: 2, received: 2, source: { pod: 'distroless-app' } });
    expect(json.container).toMatch(/^podnet-debug-\d+$/);
    const spec = JSON.parse((await kc('get', 'pod', 'distroless-app', '-o', 'json')).stdout).spec.ephemeralContainers;
    expect(spec.map((c: { name: string; image: string }) => [c.name, c.image])).toContainEqual([json.container, 'nicolaka/netshoot']);
  });

  it('distroless-app without --debug, once podnet\'s debug container runs there: that one is used (nothing added)', async () => {
    const before = JSON.parse((await kc('get', 'pod', 'distroless-app', '-o', 'json')).stdout).spec.ephemeralContainers.length;
    const { code, json } = await probeJson('distroless-app', 'practice-pod', '--count', '1');
    expect(code).toBe(0);
    expect(json.container).toMatch(/^podnet-debug-\d+$/);
    const readonly = await probeJson('distroless-app', 'practice-pod', '--count', '1', '--readonly');
    expect(readonly.code).toBe(0);
    const after = JSON.parse((await kc('get', 'pod', 'distroless-app', '-o', 'json')).stdout).spec.ephemeralContainers.length;
    expect(after).toBe(before);
  });

  it('--kind bandwidth without --debug: exit 2 (backend has no iperf3 and no debug container)', async () => {
    const r = await probe('client-pod', 'backend', '--kind', 'bandwidth');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/default\/backend (has|have) no iperf3, and adding a debug container was not allowed; .*podnet probe --debug/);
  });

  it('--kind bandwidth --debug: iperf3 on its own port (not nginx\'s 80), Mbit/s per second and the summary', async () => {
    const { code, json } = await probeJson('client-pod', 'practice-pod', '--kind', 'bandwidth', '--debug');
    expect(code).toBe(0);
    expect(json).toMatchObject({ kind: 'bandwidth', ok: true, tool: 'iperf3', reason: 'completed', error: null, http: null });
    expect(json.bandwidth.intervals.length).toBeGreaterThanOrEqual(3);
    expect(json.bandwidth.intervals.every((i: { mbitPerS: number }) => i.mbitPerS > 0)).toBe(true);
    expect(json.bandwidth.sentMbitPerS).toBeGreaterThan(0);
    const text = await probe('client-pod', 'practice-pod', '--kind', 'bandwidth', '--debug');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/on port 5201/);
    expect(text.stdout).toMatch(/^0\.0-1\.0 s +[\d.]+ Mbit\/s$/m);
    expect(text.stdout).toMatch(/^--- sender [\d.]+ Mbit\/s, receiver [\d.]+ Mbit\/s$/m);
  }, 60_000);

  it('--readonly refuses to add a debug container: exit 2', async () => {
    const r = await probe('frontend', 'practice-pod', '--readonly');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^podnet: Cannot add a debug container to pod default\/frontend: podnet runs read-only \(--readonly\)/);
  });
});

describe('refusals and bad input', () => {
  it('the read-only user may not exec: exit 2, naming the verb', async () => {
    const r = await probe('client-pod', 'practice-pod', '--context', 'lab-readonly');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('podnet: Cannot exec in container busybox of pod default/client-pod: user "readonly" may not create pods/exec there (403 Forbidden).\n');
  });

  it.each([
    [['client-pod'], /^podnet: probe takes a source and a target \(SRC DST\), got 1 argument\./],
    [['client-pod', 'practice-pod', '--kind', 'udp'], /^podnet: --kind must be one of ping, http, tcp, dns, bandwidth, not "udp"\./],
    [['client-pod', 'practice-pod', '--port', '70000'], /^podnet: --port must be a TCP port/],
    [['client-pod', 'practice-pod', '--count=-1'], /^podnet: --count must be a whole number/],
    [['client-pod', 'practice-pod', '--count', '-1'], /^podnet: Option '--count' argument is ambiguous\.\nRun 'podnet --help' for usage\.\n$/],
    [['client-pod', 'practice-pod', '--bogus'], /^podnet: Unknown option '--bogus'/],
    [['no-such-pod', 'practice-pod'], /^podnet: There is no pod default\/no-such-pod to probe from/],
    [['client-pod', 'no-such-pod'], /^podnet: There is no pod default\/no-such-pod to probe/],
    [['client-pod', 'db', '--kind', 'http', '--path', 'x y'], /^podnet: --path must start with \//],
  ])('%j: one sentence, exit 2', async (args, message) => {
    const r = await probe(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('--help tells the flags and what DST means for dns', async () => {
    const r = await runPodnet(['probe', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--kind', '--port', '--path', '--count', '--interval', '--timeout', '--json', '--namespace', '--kubeconfig', '--context', '--debug', '--readonly']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(/DNS \(--kind dns\): when DST is a pod/);
  });
});

describe('ending cleanly', () => {
  /** Starts `podnet probe ... --count 0` and resolves once the tool has printed `replies` replies. */
  function livePing(replies: number, ...extra: string[]) {
    const child = spawn(process.execPath, [PODNET, 'probe', 'client-pod', 'practice-pod', '--count', '0', '--interval', '0.2', '--kubeconfig', lab.kubeconfig, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number>((ok) => child.on('exit', (code) => ok(code ?? -1)));
    const started = () => poll(`${replies} replies`, () => (stdout.match(/^reply from /gm)?.length ?? 0) >= replies, 20_000);
    return { child, exited, started, out: () => stdout, err: () => stderr };
  }

  it('Ctrl-C: the summary so far, exit 0, and no ping left in the pod', async () => {
    const run = livePing(3);
    await run.started();
    expect(podCommands().some((c) => c.startsWith('ping '))).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.out()).toMatch(/^--- \d+ sent, \d+ received, 0% loss$/m);
    expect(podCommands().filter((c) => c.startsWith('ping '))).toEqual([]);
  });

  it('execStoppable ends the command itself (SIGINT through a second exec), not just the socket', async () => {
    const config = new k8s.KubeConfig();
    config.loadFromFile(lab.kubeconfig);
    const ac = new AbortController();
    let out = '';
    const ran = execStoppable(config, { namespace: 'default', pod: 'client-pod' }, ['ping', '-c', '600', '-i', '0.2', pods.get('practice-pod')!.ip], {
      shell: true, signal: ac.signal, onStdout: (c) => (out += c),
    });
    await poll('two replies', () => (out.match(/bytes from/g)?.length ?? 0) >= 2);
    ac.abort();
    const r = await ran;
    // ping prints its statistics only when it is interrupted by SIGINT (a socket close would not).
    expect(r).toMatchObject({ end: 'aborted', exitCode: 0, killed: true, pid: expect.any(Number) });
    expect(out).toMatch(/packets transmitted/);
    expect(podCommands().filter((c) => c.startsWith('ping '))).toEqual([]);
  });

  it('the source pod restarted mid-ping: a clear message, exit 1, nothing left running', async () => {
    const run = livePing(2, '--json');
    // --json prints nothing live: wait for the ping in the pod instead.
    await poll('ping running in client-pod', () => podCommands().some((c) => c.startsWith('ping ')), 20_000);
    const fault = await lab.fault('restart-pod', 'client-pod');
    expect(fault.code).toBe(0);
    expect(await run.exited).toBe(1);
    const json = JSON.parse(run.out());
    expect(json).toMatchObject({ kind: 'ping', ok: false, reason: 'source-gone' });
    expect(json.error).toMatch(/^The source pod default\/client-pod (is being deleted|was deleted|was restarted.*); the probe ended\.$/);
    expect(podCommands().filter((c) => c.startsWith('ping '))).toEqual([]);
  });

  it('the target pod restarted mid-ping: target-gone, exit 1', async () => {
    const run = livePing(2);
    await run.started();
    expect((await lab.fault('restart-pod', 'practice-pod')).code).toBe(0);
    expect(await run.exited).toBe(1);
    expect(run.err()).toMatch(/^podnet: The target pod default\/practice-pod (is being deleted|was deleted|was restarted.*); the probe ended\.$/m);
    expect(podCommands().filter((c) => c.startsWith('ping '))).toEqual([]);
  });

  it('the API server stops mid-ping: api-lost, exit 2, at once', async () => {
    await refreshPods();
    const run = livePing(2);
    await run.started();
    try {
      expect((await lab.fault('stop-api')).code).toBe(0);
      const t0 = Date.now();
      expect(await run.exited).toBe(2);
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(run.err()).toMatch(/^podnet: The (connection to the API server dropped|API server stopped answering)/m);
      expect(run.out()).toMatch(/^--- \d+ sent, \d+ received/m);
    } finally {
      await lab.fault('start-api');
    }
  });
});
