// What a user sees when pointing real kubectl clients (1.20 and 1.33) at `podnet lab`: the same
// tables, descriptions, errors and watch output a real cluster gives, for the tutorial scenario.
// One lab for the whole file; the two kubectl versions run one after the other against it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../helpers/lab';
import { kubectlBinaries, runKubectl, type KubectlBinary, type KubectlResult } from '../helpers/kubectl';

// ---------------------------------------------------------------------------------------------
// The tutorial scenario, as the lab promises it.

const NODES = {
  // Node addresses are 127.0.(10+slot).N: labs running side by side take different slots.
  'lab-node-1': { internalIP: /^127\.0\.\d+\.1$/, podCIDR: '10.244.0.0/24', roles: 'control-plane' },
  'lab-node-2': { internalIP: /^127\.0\.\d+\.2$/, podCIDR: '10.244.1.0/24', roles: '<none>' },
} as const;
type NodeName = keyof typeof NODES;

const PODS: { namespace: string; name: string; node: NodeName }[] = [
  { namespace: 'default', name: 'practice-pod', node: 'lab-node-1' },
  { namespace: 'default', name: 'client-pod', node: 'lab-node-1' },
  { namespace: 'default', name: 'backend', node: 'lab-node-2' },
  { namespace: 'default', name: 'frontend', node: 'lab-node-2' },
  { namespace: 'default', name: 'db', node: 'lab-node-2' },
  { namespace: 'default', name: 'cache', node: 'lab-node-1' },
  { namespace: 'default', name: 'distroless-app', node: 'lab-node-2' },
  { namespace: 'restricted', name: 'secure-app', node: 'lab-node-2' },
  { namespace: 'restricted', name: 'allowed-client', node: 'lab-node-1' },
  { namespace: 'restricted', name: 'other-client', node: 'lab-node-1' },
  { namespace: 'kube-system', name: 'coredns', node: 'lab-node-1' },
];
const DEFAULT_PODS = PODS.filter((p) => p.namespace === 'default');

const SERVICE_CIDR = '10.96.0.0/12';

// ---------------------------------------------------------------------------------------------
// Helpers.

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return NaN;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/') as [string, string];
  const n = ipToInt(ip);
  if (Number.isNaN(n)) return false;
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return ((n & mask) >>> 0) === ((ipToInt(base) & mask) >>> 0);
}

interface Table {
  /** Column names as printed, e.g. `NOMINATED NODE` (kubectl separates columns by 3+ spaces). */
  header: string[];
  rows: Record<string, string>[];
}

/**
 * Parses kubectl's tabwriter output: columns start where their header names start (cells may
 * contain single spaces, e.g. `NOMINATED NODE` or an OS image name).
 */
function parseTable(text: string): Table {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error(`no table in output:\n${text}`);
  const headerLine = lines[0]!;
  const starts: number[] = [];
  const header: string[] = [];
  for (const m of headerLine.matchAll(/\S+(?: \S+)*/g)) {
    starts.push(m.index!);
    header.push(m[0]);
  }
  const rows = lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      row[name] = line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim();
    });
    return row;
  });
  return { header, rows };
}

function show(r: KubectlResult): string {
  return `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

/** Expect success with nothing on stderr, as a real cluster gives for these commands. */
function expectOk(r: KubectlResult): void {
  expect(r.code, show(r)).toBe(0);
  expect(r.stderr, show(r)).toBe('');
}

/** Retries `probe` until it returns something other than undefined, or fails with its last view. */
async function eventually<T>(
  what: string,
  probe: () => Promise<{ value?: T; seen: string }>,
  timeoutMs = 20_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  for (;;) {
    const r = await probe();
    seen = r.seen;
    if (r.value !== undefined) return r.value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms; last saw:\n${seen}`);
    await new Promise((ok) => setTimeout(ok, intervalMs));
  }
}

/**
 * A long-running kubectl (e.g. `get --watch`) whose output can be read while it runs. Same clean
 * environment as runKubectl: no KUBE* variables and a throwaway HOME.
 */
function spawnKubectl(bin: KubectlBinary, kubeconfig: string, args: string[]) {
  const home = mkdtempSync(join(tmpdir(), 'podnet-kubectl-home-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KUBE')) env[k] = v;
  env.HOME = home;
  const child = spawn(bin.path, [`--kubeconfig=${kubeconfig}`, ...args], {
    cwd: home,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const closed = new Promise<void>((ok) => child.on('close', () => ok()));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async waitFor(what: string, pred: (out: string) => boolean, timeoutMs = 20_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!pred(stdout)) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${what}: kubectl exited (${child.exitCode ?? child.signalCode}) first\nstdout:\n${stdout}\nstderr:\n${stderr}`);
        }
        if (Date.now() > deadline) {
          throw new Error(`${what}: not seen within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`);
        }
        await new Promise((ok) => setTimeout(ok, 50));
      }
    },
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await closed;
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------

const KUBECTLS = kubectlBinaries(); // throws (does not skip) when the pinned clients are missing

let lab: RunningLab | undefined;
let kubeconfig = '';

beforeAll(async () => {
  lab = await startLab([], 90_000);
  kubeconfig = lab.kubeconfig;
}, 120_000);

afterAll(async () => {
  await lab?.stop();
}, 30_000);

describe.each(KUBECTLS)('kubectl $version against the lab', (bin) => {
  const k = (args: string[], opts: { context?: string; timeoutMs?: number } = {}) =>
    runKubectl(bin, kubeconfig, args, { timeoutMs: 30_000, ...opts });
  const suffix = bin.version.replace('.', '-');

  async function podIP(name: string, namespace = 'default'): Promise<string> {
    const r = await k(['get', 'pod', name, '-n', namespace, '-o', 'jsonpath={.status.podIP}']);
    expectOk(r);
    return r.stdout.trim();
  }

  it('get pods -o wide: the wide columns, every tutorial pod Running on its node with an IP from its pod CIDR', async () => {
    const r = await k(['get', 'pods', '-o', 'wide']);
    expectOk(r);
    const firstLine = r.stdout.split('\n')[0]!;
    expect(firstLine.trim().split(/\s+/).join(' ')).toBe(
      'NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES',
    );
    const t = parseTable(r.stdout);
    expect(t.header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    // In name order, as the apiserver lists them (etcd key order), whatever happened to them.
    expect(t.rows.map((row) => row.NAME)).toEqual(DEFAULT_PODS.map((p) => p.name).sort());
    for (const pod of DEFAULT_PODS) {
      const row = t.rows.find((x) => x.NAME === pod.name)!;
      expect(row, `${pod.name}\n${r.stdout}`).toMatchObject({
        READY: '1/1',
        STATUS: 'Running',
        RESTARTS: '0',
        NODE: pod.node,
        'NOMINATED NODE': '<none>',
        'READINESS GATES': '<none>',
      });
      expect(row.AGE, r.stdout).toMatch(/^\d+[smhd](\d+[smh])?$/);
      expect(inCidr(row.IP!, NODES[pod.node].podCIDR), `${pod.name} IP ${row.IP} not in ${NODES[pod.node].podCIDR}`).toBe(true);
    }
    const ips = t.rows.map((row) => row.IP);
    expect(new Set(ips).size, `pod IPs must be unique:\n${r.stdout}`).toBe(ips.length);
  });

  it('get pods -A: a NAMESPACE column and the pods of default, restricted and kube-system', async () => {
    const r = await k(['get', 'pods', '-A']);
    expectOk(r);
    const t = parseTable(r.stdout);
    expect(t.header).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const got = t.rows.map((row) => `${row.NAMESPACE}/${row.NAME}`).sort();
    expect(got).toEqual(PODS.map((p) => `${p.namespace}/${p.name}`).sort());
    for (const row of t.rows) {
      expect(row, r.stdout).toMatchObject({ READY: '1/1', STATUS: 'Running', RESTARTS: '0' });
    }
    // kubectl sorts nothing itself: the server lists by namespace, then name, as etcd keys sort.
    expect(got).toEqual(t.rows.map((row) => `${row.NAMESPACE}/${row.NAME}`));
  });

  it('get nodes -o wide: both nodes Ready, roles, InternalIPs', async () => {
    const r = await k(['get', 'nodes', '-o', 'wide']);
    expectOk(r);
    const t = parseTable(r.stdout);
    expect(t.header).toEqual([
      'NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME',
    ]);
    expect(t.rows.map((row) => row.NAME)).toEqual(['lab-node-1', 'lab-node-2']);
    for (const row of t.rows) {
      const node = NODES[row.NAME as NodeName];
      expect(row, r.stdout).toMatchObject({
        STATUS: 'Ready',
        ROLES: node.roles,
        'EXTERNAL-IP': '<none>',
      });
      expect(row['INTERNAL-IP'], r.stdout).toMatch(node.internalIP);
      expect(row.VERSION, r.stdout).toMatch(/^v1\.\d+\.\d+/);
      for (const col of ['OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']) {
        expect(row[col], `${col}\n${r.stdout}`).not.toMatch(/^(|<none>|<unknown>)$/);
      }
    }
  });

  it('describe pod practice-pod: node, status, IPs, container port, conditions and events', async () => {
    const r = await k(['describe', 'pod', 'practice-pod']);
    expectOk(r);
    const out = r.stdout;
    const ip = await podIP('practice-pod');
    expect(inCidr(ip, NODES['lab-node-1'].podCIDR), ip).toBe(true);
    expect(out).toMatch(/^Name:\s+practice-pod$/m);
    expect(out).toMatch(/^Namespace:\s+default$/m);
    expect(out).toMatch(/^Node:\s+lab-node-1\/127\.0\.\d+\.1$/m);
    expect(out).toMatch(/^Labels:\s+app=practice$/m);
    expect(out).toMatch(/^Start Time:\s+\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/m);
    expect(out).toMatch(/^Status:\s+Running$/m);
    expect(out).toMatch(new RegExp(`^IP:\\s+${ip.replace(/\./g, '\\.')}$`, 'm'));
    expect(out).toMatch(new RegExp(`^IPs:\\n\\s+IP:\\s+${ip.replace(/\./g, '\\.')}$`, 'm'));
    // Containers: the nginx container with its port, running and ready.
    const containers = /^Containers:\n([\s\S]*?)^\S/m.exec(out)?.[1] ?? '';
    expect(containers, out).toMatch(/^ {2}nginx:$/m);
    expect(containers, out).toMatch(/^\s+Image:\s+nginx:1\.25$/m);
    expect(containers, out).toMatch(/^\s+Port:\s+80\/TCP$/m);
    expect(containers, out).toMatch(/^\s+State:\s+Running$/m);
    expect(containers, out).toMatch(/^\s+Ready:\s+True$/m);
    expect(containers, out).toMatch(/^\s+Restart Count:\s+0$/m);
    // Conditions: a Type/Status table with Ready True.
    const conditions = /^Conditions:\n([\s\S]*?)^\S/m.exec(out)?.[1] ?? '';
    expect(conditions, out).toMatch(/^\s+Type\s+Status\s*$/m);
    expect(conditions, out).toMatch(/^\s+Ready\s+True\s*$/m);
    expect(conditions, out).toMatch(/^\s+ContainersReady\s+True\s*$/m);
    expect(out).toMatch(/^QoS Class:\s+BestEffort$/m);
    // Events: what the kubelet recorded while starting the container (the pod was created with
    // spec.nodeName, so a real cluster has no Scheduled event either).
    const events = /^Events:([\s\S]*)$/m.exec(out)?.[1] ?? '';
    expect(events.trim(), out).not.toBe('<none>');
    expect(events, out).toMatch(/^\s+Type\s+Reason\s+Age\s+From\s+Message$/m);
    expect(events, out).toMatch(/^\s+Normal\s+Pulled\s+\S+\s+kubelet\S*(, lab-node-1)?\s+Container image "nginx:1\.25" already present on machine$/m);
    expect(events, out).toMatch(/^\s+Normal\s+Created\s+\S+\s+kubelet\S*(, lab-node-1)?\s+Created container nginx$/m);
    expect(events, out).toMatch(/^\s+Normal\s+Started\s+\S+\s+kubelet\S*(, lab-node-1)?\s+Started container nginx$/m);
    // In the order they happened: describe sorts by timestamp (seconds) and keeps the server's
    // list order for ties, which is name order, and a real recorder names events
    // <object>.<hex UnixNano>, so the names sort chronologically.
    // Scheduled comes first when the lab's scheduler placed the pod (no spec.nodeName given).
    const reasons = [...events.matchAll(/^\s+Normal\s+(\w+)\s/gm)].map((m) => m[1]);
    expect([['Scheduled', 'Pulled', 'Created', 'Started'], ['Pulled', 'Created', 'Started']], out).toContainEqual(reasons);
    if (reasons[0] === 'Scheduled') {
      expect(events, out).toMatch(/^\s+Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/practice-pod to lab-node-1$/m);
    }
  });

  it('get networkpolicies -A: the restricted policy selecting every pod (<none>)', async () => {
    const r = await k(['get', 'networkpolicies', '-A']);
    expectOk(r);
    const t = parseTable(r.stdout);
    expect(t.header).toEqual(['NAMESPACE', 'NAME', 'POD-SELECTOR', 'AGE']);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]).toMatchObject({ NAMESPACE: 'restricted', NAME: 'allow-only-allowed-client', 'POD-SELECTOR': '<none>' });
  });

  it('get services: kubernetes, backend and NodePort frontend', async () => {
    const r = await k(['get', 'services']);
    expectOk(r);
    const t = parseTable(r.stdout);
    expect(t.header).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    const byName = Object.fromEntries(t.rows.map((row) => [row.NAME, row]));
    expect(Object.keys(byName).sort()).toEqual(['backend', 'frontend', 'kubernetes']);
    expect(byName.kubernetes).toMatchObject({ TYPE: 'ClusterIP', 'CLUSTER-IP': '10.96.0.1', 'EXTERNAL-IP': '<none>', 'PORT(S)': '443/TCP' });
    expect(byName.backend).toMatchObject({ TYPE: 'ClusterIP', 'EXTERNAL-IP': '<none>', 'PORT(S)': '8080/TCP' });
    expect(byName.frontend).toMatchObject({ TYPE: 'NodePort', 'EXTERNAL-IP': '<none>', 'PORT(S)': '3000:30080/TCP' });
    for (const row of t.rows) expect(inCidr(row['CLUSTER-IP']!, SERVICE_CIDR), r.stdout).toBe(true);
  });

  it('expose pod, see the Service and its EndpointSlice, delete it, then NotFound', async () => {
    const name = `practice-service-${suffix}`;
    const exposed = await k(['expose', 'pod', 'practice-pod', '--port=80', '--target-port=80', `--name=${name}`]);
    expectOk(exposed);
    expect(exposed.stdout).toBe(`service/${name} exposed\n`);
    try {
      const svc = await k(['get', 'service', name]);
      expectOk(svc);
      const t = parseTable(svc.stdout);
      expect(t.header).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
      expect(t.rows).toHaveLength(1);
      expect(t.rows[0]).toMatchObject({ NAME: name, TYPE: 'ClusterIP', 'EXTERNAL-IP': '<none>', 'PORT(S)': '80/TCP' });
      expect(inCidr(t.rows[0]!['CLUSTER-IP']!, SERVICE_CIDR), svc.stdout).toBe(true);

      const wide = await k(['get', 'service', name, '-o', 'wide']);
      expectOk(wide);
      expect(parseTable(wide.stdout).rows[0]).toMatchObject({ SELECTOR: 'app=practice' });

      const ip = await podIP('practice-pod');
      const slice = await eventually('EndpointSlice with the practice-pod IP', async () => {
        const r = await k(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${name}`]);
        if (r.code !== 0 || r.stderr !== '' || !r.stdout.trim()) return { seen: show(r) };
        const s = parseTable(r.stdout);
        return { value: s.rows[0]?.ENDPOINTS === ip ? s : undefined, seen: show(r) };
      });
      expect(slice.header).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
      expect(slice.rows).toHaveLength(1);
      expect(slice.rows[0]!.NAME).toMatch(new RegExp(`^${name}-[a-z0-9]{5}$`));
      expect(slice.rows[0]).toMatchObject({ ADDRESSTYPE: 'IPv4', PORTS: '80', ENDPOINTS: ip });

      const ep = await k(['get', 'endpoints', name]);
      expectOk(ep);
      expect(parseTable(ep.stdout).rows[0]).toMatchObject({ NAME: name, ENDPOINTS: `${ip}:80` });

      // describe service reads the EndpointSlices (1.33) or Endpoints (1.20) of this port-unnamed
      // Service. Soft, so that the Service is still deleted and checked below.
      const d = await k(['describe', 'service', name]);
      expect.soft(d.code === 0 && d.stderr === '' ? 'ok' : show(d), 'kubectl describe service').toBe('ok');
      if (d.code === 0) {
        const out = d.stdout;
        expect.soft(out).toMatch(new RegExp(`^Name:\\s+${name}$`, 'm'));
        expect.soft(out).toMatch(/^Selector:\s+app=practice$/m);
        expect.soft(out).toMatch(/^Type:\s+ClusterIP$/m);
        expect.soft(out).toMatch(/^Port:\s+<unset>  80\/TCP$/m);
        expect.soft(out).toMatch(/^TargetPort:\s+80\/TCP$/m);
        expect.soft(out).toMatch(new RegExp(`^Endpoints:\\s+${ip.replace(/\./g, '\\.')}:80$`, 'm'));
      }
    } finally {
      const del = await k(['delete', 'service', name]);
      expect(del.code, show(del)).toBe(0);
      expect(del.stderr, show(del)).toBe('');
      expect(del.stdout).toBe(`service "${name}" deleted\n`);
    }
    const gone = await k(['get', 'service', name]);
    expect(gone.code, show(gone)).toBe(1);
    expect(gone.stdout).toBe('');
    expect(gone.stderr).toBe(`Error from server (NotFound): services "${name}" not found\n`);
    // Its EndpointSlice goes with it (garbage collection / the controller).
    await eventually('EndpointSlice removed with its Service', async () => {
      const r = await k(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${name}`]);
      return { value: r.code === 0 && r.stdout === '' && /^No resources found in default namespace\.\n$/.test(r.stderr) ? true : undefined, seen: show(r) };
    });
  });

  it('describe endpointslice: the slice of backend with its port, endpoint, node and zone', async () => {
    // kubectl 1.20 describes EndpointSlices through discovery.k8s.io/v1beta1, which a v1.24
    // apiserver still serves; 1.33 uses v1.
    const r = await k(['describe', 'endpointslice', '-l', 'kubernetes.io/service-name=backend']);
    expectOk(r);
    const ip = await podIP('backend');
    expect(r.stdout).toMatch(/^Name:\s+backend-[a-z0-9]{5}$/m);
    expect(r.stdout).toMatch(/^AddressType:\s+IPv4$/m);
    expect(r.stdout).toMatch(/^\s+http\s+8080\s+TCP$/m);
    expect(r.stdout).toMatch(new RegExp(`^\\s+- Addresses:\\s+${ip.replace(/\./g, '\\.')}$`, 'm'));
    expect(r.stdout).toMatch(/^\s+TargetRef:\s+Pod\/backend$/m);
    // The EndpointSlice controller copies the node's topology.kubernetes.io/zone label; v1beta1
    // (kubectl 1.20) shows node and zone as one Topology map.
    if (bin.version === '1.20') {
      expect(r.stdout).toMatch(/^\s+Topology:\s+kubernetes\.io\/hostname=lab-node-2$/m);
      expect(r.stdout).toMatch(/^\s+topology\.kubernetes\.io\/zone=lab-b$/m);
    } else {
      expect(r.stdout).toMatch(/^\s+NodeName:\s+lab-node-2$/m);
      expect(r.stdout).toMatch(/^\s+Zone:\s+lab-b$/m);
    }
  });

  describe('as the readonly user', () => {
    const ro = (args: string[]) => k(args, { context: 'lab-readonly' });

    it('get pods works', async () => {
      const r = await ro(['get', 'pods']);
      expectOk(r);
      const t = parseTable(r.stdout);
      expect(t.header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      expect(t.rows.map((row) => row.NAME).sort()).toEqual(DEFAULT_PODS.map((p) => p.name).sort());
    });

    it('create namespace is Forbidden at the cluster scope', async () => {
      const r = await ro(['create', 'namespace', `x-${suffix}`]);
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'Error from server (Forbidden): namespaces is forbidden: User "readonly" cannot create resource "namespaces" in API group "" at the cluster scope\n',
      );
      // and nothing was created
      const check = await k(['get', 'namespace', `x-${suffix}`]);
      expect(check.stderr).toBe(`Error from server (NotFound): namespaces "x-${suffix}" not found\n`);
    });

    it('delete pod is Forbidden and the pod stays', async () => {
      const r = await ro(['delete', 'pod', 'practice-pod']);
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'Error from server (Forbidden): pods "practice-pod" is forbidden: User "readonly" cannot delete resource "pods" in API group "" in the namespace "default"\n',
      );
      const still = await k(['get', 'pod', 'practice-pod', '-o', 'jsonpath={.metadata.deletionTimestamp}/{.status.phase}']);
      expectOk(still);
      expect(still.stdout).toBe('/Running');
    });

    it('exec is Forbidden on pods/exec', async () => {
      const r = await ro(['exec', 'practice-pod', '--', 'true']);
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toBe('');
      // kubectl 1.20 POSTs (SPDY): verb create. kubectl 1.33 first tries a WebSocket GET (verb
      // get), takes the 403 as an upgrade failure and falls back to the SPDY POST: verb create.
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines.at(-1), show(r)).toBe(
        'Error from server (Forbidden): pods "practice-pod" is forbidden: User "readonly" cannot create resource "pods/exec" in API group "" in the namespace "default"',
      );
      expect(lines, show(r)).toHaveLength(1);
    });

    it('port-forward is Forbidden on pods/portforward', async () => {
      const r = await ro(['port-forward', 'pod/practice-pod', '0:80']);
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'error: error upgrading connection: pods "practice-pod" is forbidden: User "readonly" cannot create resource "pods/portforward" in API group "" in the namespace "default"\n',
      );
    });
  });

  it('get --raw /version: the server version as JSON', async () => {
    const r = await k(['get', '--raw', '/version']);
    expectOk(r);
    const v = JSON.parse(r.stdout) as Record<string, string>;
    expect(v.major).toBe('1');
    expect(v.minor).toMatch(/^\d+$/);
    expect(v.gitVersion).toMatch(new RegExp(`^v1\\.${v.minor}\\.\\d+`));
    expect(v.platform).toMatch(/^linux\/\w+$/);
  });

  it('api-resources lists the lab resources with short names', async () => {
    const r = await k(['api-resources']);
    expectOk(r);
    const t = parseTable(r.stdout);
    expect(t.header).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const byName = Object.fromEntries(t.rows.map((row) => [row.NAME, row]));
    expect(byName.pods).toEqual({ NAME: 'pods', SHORTNAMES: 'po', APIVERSION: 'v1', NAMESPACED: 'true', KIND: 'Pod' });
    expect(byName.services).toEqual({ NAME: 'services', SHORTNAMES: 'svc', APIVERSION: 'v1', NAMESPACED: 'true', KIND: 'Service' });
    expect(byName.nodes).toEqual({ NAME: 'nodes', SHORTNAMES: 'no', APIVERSION: 'v1', NAMESPACED: 'false', KIND: 'Node' });
    expect(byName.namespaces).toEqual({ NAME: 'namespaces', SHORTNAMES: 'ns', APIVERSION: 'v1', NAMESPACED: 'false', KIND: 'Namespace' });
    expect(byName.endpointslices).toEqual({
      NAME: 'endpointslices', SHORTNAMES: '', APIVERSION: 'discovery.k8s.io/v1', NAMESPACED: 'true', KIND: 'EndpointSlice',
    });
    expect(byName.networkpolicies).toEqual({
      NAME: 'networkpolicies', SHORTNAMES: 'netpol', APIVERSION: 'networking.k8s.io/v1', NAMESPACED: 'true', KIND: 'NetworkPolicy',
    });
    // and the short names work
    for (const short of ['po', 'svc', 'netpol']) {
      const s = await k(['get', short, '-A']);
      expect(s.code, show(s)).toBe(0);
      expect(s.stderr, show(s)).toBe('');
    }
  });

  it('get pods -o json: a List whose items have their pod IPs', async () => {
    const r = await k(['get', 'pods', '-o', 'json']);
    expectOk(r);
    const list = JSON.parse(r.stdout) as {
      apiVersion: string;
      kind: string;
      items: { kind: string; apiVersion: string; metadata: { name: string; namespace: string }; spec: { nodeName: string }; status: { podIP: string; phase: string } }[];
    };
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(list.items.map((p) => p.metadata.name).sort()).toEqual(DEFAULT_PODS.map((p) => p.name).sort());
    for (const item of list.items) {
      const plan = DEFAULT_PODS.find((p) => p.name === item.metadata.name)!;
      expect(item).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { namespace: 'default' }, spec: { nodeName: plan.node } });
      expect(item.status.phase).toBe('Running');
      expect(inCidr(item.status.podIP, NODES[plan.node].podCIDR), `${item.metadata.name}: ${item.status.podIP}`).toBe(true);
    }
  });

  it('get pods --watch shows practice-pod terminating and coming back when the lab restarts it', async () => {
    const oldIP = await podIP('practice-pod');
    const watch = spawnKubectl(bin, kubeconfig, ['get', 'pods', '--watch']);
    try {
      // The initial list: header and the current practice-pod row.
      await watch.waitFor('initial practice-pod row', (out) => /^practice-pod\s+1\/1\s+Running\s+0\s/m.test(out));
      const before = watch.stdout().length;
      const fault = await lab!.fault('restart-pod', 'practice-pod');
      expect(fault.code, `${fault.stdout}${fault.stderr}`).toBe(0);
      const m = /^pod default\/practice-pod restarted: IP (\S+) -> (\S+)$/m.exec(fault.stdout);
      expect(m, fault.stdout).not.toBeNull();
      expect(m![1]).toBe(oldIP);
      expect(inCidr(m![2]!, NODES['lab-node-1'].podCIDR), m![2]).toBe(true);

      const linesAfter = () =>
        watch
          .stdout()
          .slice(before)
          .split('\n')
          .filter((l) => l.startsWith('practice-pod '));
      await watch.waitFor('practice-pod Terminating, then Running again', () => {
        const lines = linesAfter();
        const term = lines.findIndex((l) => /^practice-pod\s+\S+\s+Terminating\s/.test(l));
        return term >= 0 && lines.slice(term + 1).some((l) => /^practice-pod\s+1\/1\s+Running\s+0\s/.test(l));
      });
      const lines = linesAfter();
      // Every watch row keeps kubectl's five columns (no wide columns, no NAMESPACE).
      for (const l of lines) expect(l.trim().split(/\s+/), l).toHaveLength(5);
      // Between Terminating and Running again the new pod is first seen not ready.
      const term = lines.findIndex((l) => /\sTerminating\s/.test(l));
      const back = lines.findIndex((l, i) => i > term && /^practice-pod\s+1\/1\s+Running\s/.test(l));
      expect(lines.slice(term + 1, back).some((l) => /^practice-pod\s+0\/1\s+(Pending|ContainerCreating)\s/.test(l)), lines.join('\n')).toBe(true);
      expect(watch.exited(), watch.stderr()).toBe(false);
      expect(watch.stderr()).toBe('');
      // Only the header once, at the top.
      expect(watch.stdout().match(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s*$/gm)).toHaveLength(1);
    } finally {
      await watch.stop();
    }
    // The restarted pod is Running with its new IP.
    const ip = await podIP('practice-pod');
    expect(inCidr(ip, NODES['lab-node-1'].podCIDR), ip).toBe(true);
  }, 60_000);

  it('a wrong token: error: You must be logged in to the server', async () => {
    const bad = join(lab!.dir, `bad-token-${suffix}.kubeconfig`);
    const text = readFileSync(kubeconfig, 'utf8');
    const replaced = text.replace(/(name: admin\n\s+user:\n\s+token: )\S+/, '$1not-the-right-token');
    expect(replaced, 'the kubeconfig should hold the admin token').not.toBe(text);
    writeFileSync(bad, replaced, { mode: 0o600 });
    try {
      const r = await runKubectl(bin, bad, ['get', 'pods'], { timeoutMs: 30_000 });
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      if (bin.version === '1.20') {
        // Discovery decodes the 401 Status body: its message is "Unauthorized".
        expect(lines, show(r)).toEqual(['error: You must be logged in to the server (Unauthorized)']);
      } else {
        // Newer discovery reads the body raw and reports client-go's generic 401 sentence (what
        // kubectl >= 1.26 prints against any real cluster), after memcache's retries.
        expect(lines.at(-1), show(r)).toBe(
          'error: You must be logged in to the server (the server has asked for the client to provide credentials)',
        );
        for (const l of lines.slice(0, -1)) {
          expect(l, show(r)).toMatch(
            /^E\d{4} [\d:.]+ +\d+ memcache\.go:\d+\] "Unhandled Error" err="couldn't get current server API group list: the server has asked for the client to provide credentials"$/,
          );
        }
      }
    } finally {
      rmSync(bad, { force: true });
    }
  });
});
