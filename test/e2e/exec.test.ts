// `pods/exec` as clients see it against a lab whose pods run commands on this host (the test
// runtime): client-node's Exec, kubectl 1.33 (WebSocket v5, SPDY fallback) and kubectl 1.20
// (SPDY only), plus the raw answers a real apiserver/kubelet gives before any upgrade.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../src/lab/lab';
import { rfc3339 } from '../../src/lab/store/objectStore';
import { tutorialScenario } from '../../src/lab/scenarios/tutorial';
import { hostRuntime } from '../../src/lab/streams/hostRuntime';
import { kubectlBinaries, runKubectl, type KubectlBinary } from '../helpers/kubectl';

const MISSING_TOOL = 'podnet-no-such-tool';
/** containerd's words, as the kubelet reports them (v4 and older: the kubelet's own WebSocket). */
const NOT_FOUND_KUBELET =
  'Internal error occurred: error executing command in container: failed to exec in container: ' +
  'failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: ' +
  `exec: "${MISSING_TOOL}": executable file not found in \\$PATH: unknown`;
/** The same through a 1.30+ apiserver's v5 translator, which wraps the kubelet's message once more. */
const NOT_FOUND = new RegExp(`^Internal error occurred: ${NOT_FOUND_KUBELET}$`);

let lab: Lab;
let kc: k8s.KubeConfig;
let kubectl133: KubectlBinary;
let kubectl120: KubectlBinary;

beforeAll(async () => {
  [kubectl120, kubectl133] = ['1.20', '1.33'].map((v) => kubectlBinaries().find((b) => b.version === v)!) as [KubectlBinary, KubectlBinary];
  lab = new Lab({ scenario: tutorialScenario(rfc3339(new Date())), streamRuntime: hostRuntime(), dir: mkdtempSync(join(tmpdir(), 'podnet-exec-')) });
  await lab.start();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(lab.kubeconfigPath);
});

afterAll(async () => {
  await lab?.stop();
});

interface ExecResult { stdout: string; stderr: string; status: k8s.V1Status }

function collector(onText?: (all: string) => void): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      onText?.(text);
      done();
    },
  });
  return { stream, text: () => text };
}

/** client-node's Exec until the status has come and the socket has closed. */
async function clientExec(argv: string[], opts: { stdin?: string; pod?: string; config?: k8s.KubeConfig } = {}): Promise<ExecResult> {
  const out = collector();
  const err = collector();
  let stdin: PassThrough | null = null;
  if (opts.stdin !== undefined) {
    stdin = new PassThrough();
    stdin.end(opts.stdin);
  }
  let gotStatus!: (s: k8s.V1Status) => void;
  const status = new Promise<k8s.V1Status>((resolve) => (gotStatus = resolve));
  const ws = await new k8s.Exec(opts.config ?? kc).exec('default', opts.pod ?? 'client-pod', '', argv, out.stream, err.stream, stdin, false, gotStatus);
  const closed = new Promise((resolve) => ws.on('close', resolve));
  expect(ws.protocol).toBe('v5.channel.k8s.io');
  const result = { status: await status, stdout: '', stderr: '' };
  await closed;
  return { ...result, stdout: out.text(), stderr: err.text() };
}

/** A raw upgrade request: what the server answers before (or instead of) switching protocols. */
async function rawUpgrade(path: string, headers: Record<string, string>, method = 'GET'): Promise<{ code: number; type?: string; body: string }> {
  const opts: import('node:https').RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const server = new URL(kc.getCurrentCluster()!.server);
  return new Promise((resolve, reject) => {
    const req = request({ ...opts, method, host: server.hostname, port: server.port, path, headers: { ...(opts.headers as object), ...headers } });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ code: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ code: res.statusCode!, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A v4 WebSocket: the kind a current apiserver still hands to the kubelet, which checks before upgrading. */
const WS_HEADERS = {
  Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': randomBytes(16).toString('base64'), 'Sec-WebSocket-Protocol': 'v4.channel.k8s.io',
};

/** Every message of a raw WebSocket exec, as sent, until the server closes (code included). */
async function wireExec(query: string, protocol: string, send: (Buffer | string)[] = [], pod = 'client-pod'): Promise<{ frames: (Buffer | string)[]; close: number }> {
  const opts: import('node:https').RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const url = `${kc.getCurrentCluster()!.server.replace('https', 'wss')}/api/v1/namespaces/default/pods/${pod}/exec?${query}`;
  const ws = new WebSocket(url, [protocol], { ca: opts.ca, headers: opts.headers as Record<string, string> });
  const frames: (Buffer | string)[] = [];
  ws.on('message', (data: Buffer, isBinary) => frames.push(isBinary ? data : data.toString()));
  ws.on('open', () => send.forEach((m) => ws.send(m)));
  const close = await new Promise<number>((resolve, reject) => {
    ws.on('close', resolve);
    ws.on('error', reject);
  });
  return { frames, close };
}

function podInPhase(name: string, phase: string, state: Record<string, unknown>): void {
  lab.store.create('pods', {
    metadata: { name, namespace: 'default', uid: `${name}-uid` },
    spec: { nodeName: 'lab-node-1', containers: [{ name: 'busybox', image: 'busybox:1.36' }] },
    status: { phase, podIP: '10.244.0.250', containerStatuses: [{ name: 'busybox', state }] },
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('client-node Exec', () => {
  it('runs a command: its stdout, then Success', async () => {
    const r = await clientExec(['echo', 'hello']);
    expect(r.stdout).toBe('hello\n');
    expect(r.stderr).toBe('');
    expect(r.status).toEqual({ metadata: {}, status: 'Success' });
  });

  it('carries stderr on its own channel', async () => {
    const r = await clientExec(['sh', '-c', 'echo out; echo err >&2']);
    expect(r).toMatchObject({ stdout: 'out\n', stderr: 'err\n', status: { status: 'Success' } });
  });

  it('reports a non-zero exit code as a 1.30+ apiserver does for v5', async () => {
    const r = await clientExec(['sh', '-c', 'exit 3']);
    expect(r.status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: command terminated with exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('feeds stdin and ends it when the client closes it (v5 close signal)', async () => {
    const r = await clientExec(['cat'], { stdin: 'line one\nline two\n' });
    expect(r.stdout).toBe('line one\nline two\n');
    expect(r.status.status).toBe('Success');
  });

  it('answers a tool the image lacks as containerd does: an InternalError status (wrapped twice for v5)', async () => {
    const r = await clientExec([MISSING_TOOL, '-c', '1']);
    expect(r.stdout).toBe('');
    expect(r.status).toMatchObject({ status: 'Failure', reason: 'InternalError', code: 500 });
    expect(r.status.message).toMatch(NOT_FOUND);
    expect(r.status.details?.causes?.[0]?.message).toBe(r.status.message!.replace('Internal error occurred: ', ''));
  });

  it('kills the command when the client closes the socket', async () => {
    let gotPid!: (pid: number) => void;
    const pidLine = new Promise<number>((resolve) => (gotPid = resolve));
    const out = collector((text) => /^\d+\n/.test(text) && gotPid(Number.parseInt(text, 10)));
    const ws = await new k8s.Exec(kc).exec('default', 'client-pod', '', ['sh', '-c', 'echo $$; exec sleep 30'], out.stream, null, null, false);
    const pid = await pidLine;
    expect(alive(pid)).toBe(true);
    ws.close();
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(alive(pid)).toBe(false);
  });

  it('forbids the read-only user before any upgrade', async () => {
    const ro = new k8s.KubeConfig();
    ro.loadFromFile(lab.kubeconfigPath);
    ro.setCurrentContext('lab-readonly');
    await expect(new k8s.Exec(ro).exec('default', 'client-pod', '', ['echo', 'hi'], process.stdout, null, null, false)).rejects.toThrow(/403/);
  });
});

describe('answers before the upgrade', () => {
  const exec = (query: string) => `/api/v1/namespaces/default/pods/client-pod/exec?${query}`;

  it('an unknown container: the apiserver\'s 400 Status', async () => {
    const r = await rawUpgrade(exec('command=ls&stdout=true&container=nope'), WS_HEADERS);
    expect(r).toMatchObject({ code: 400, type: 'application/json' });
    expect(r.body).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"container nope is not valid for pod client-pod","reason":"BadRequest","code":400}');
  });

  it('no stream asked for: the kubelet\'s plain-text 400', async () => {
    const r = await rawUpgrade(exec('command=ls'), WS_HEADERS);
    expect(r).toMatchObject({ code: 400, type: 'text/plain; charset=utf-8', body: 'you must specify at least 1 of stdin, stdout, stderr' });
  });

  it('a container that is not running: the kubelet\'s plain-text 500', async () => {
    podInPhase('finished', 'Succeeded', { terminated: { exitCode: 0, reason: 'Completed' } });
    const r = await rawUpgrade('/api/v1/namespaces/default/pods/finished/exec?command=ls&stdout=true', WS_HEADERS);
    expect(r).toMatchObject({ code: 500, type: 'text/plain; charset=utf-8', body: 'container not found ("busybox")' });
  });

  it('no container named and several in the pod: the apiserver\'s 400', async () => {
    lab.store.create('pods', {
      metadata: { name: 'two-containers', namespace: 'default', uid: 'two-uid' },
      spec: { nodeName: 'lab-node-1', containers: [{ name: 'a', image: 'busybox:1.36' }, { name: 'b', image: 'busybox:1.36' }] },
      status: { phase: 'Running', podIP: '10.244.0.251' },
    });
    const r = await rawUpgrade('/api/v1/namespaces/default/pods/two-containers/exec?command=ls&stdout=true', WS_HEADERS);
    expect(r.code).toBe(400);
    expect(JSON.parse(r.body).message).toBe('a container name must be specified for pod two-containers, choose one of: [a b]');
  });

  it('a protocol it does not speak: a bare 403, as the kubelet\'s websocket library answers', async () => {
    const r = await rawUpgrade(exec('command=ls&stdout=true'), { ...WS_HEADERS, 'Sec-WebSocket-Protocol': 'v3.channel.k8s.io' });
    expect(r).toMatchObject({ code: 403, body: '' });
  });

  it('SPDY: a clear 400 Status instead of an upgrade', async () => {
    const r = await rawUpgrade(exec('command=ls&stdout=true'), { Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' }, 'POST');
    expect(r.code).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400, message: expect.stringMatching(/only over WebSocket/) });
  });
});

describe('on the wire', () => {
  it('v4: an empty stdout frame first, output, then the Status JSON, then a normal close', async () => {
    const r = await wireExec('command=sh&command=-c&command=echo%20hi%3B%20exit%207&stdout=true&stderr=true', 'v4.channel.k8s.io');
    expect(r.frames).toEqual([
      Buffer.from([1]),
      Buffer.from('\x01hi\n'),
      Buffer.from('\x03{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c echo hi; exit 7], exit code 7","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"7"}]}}'),
    ]);
    expect(r.close).toBe(1000);
  });

  it('base64 variant: text frames, the channel as a digit, both ways', async () => {
    // No close signal before v5, so the command must stop reading by itself.
    const r = await wireExec('command=head&command=-c&command=3&stdin=true&stdout=true', 'v4.base64.channel.k8s.io', ['0' + Buffer.from('abc').toString('base64')]);
    expect(r.frames).toEqual(['1', '1' + Buffer.from('abc').toString('base64'), '3' + Buffer.from('{"metadata":{},"status":"Success"}').toString('base64')]);
  });

  it('v1 (channel.k8s.io): no Status on success, the failure as plain text', async () => {
    const ok = await wireExec('command=true&stderr=true', 'channel.k8s.io');
    expect(ok.frames).toEqual([Buffer.from([2])]);
    const failed = await wireExec('command=false&stdout=true', 'channel.k8s.io');
    expect(failed.frames).toEqual([Buffer.from([1]), Buffer.from('\x03command terminated with non-zero exit code: error executing command [false], exit code 1')]);
  });

  it('v4 reports a missing tool with the kubelet\'s own InternalError', async () => {
    const r = await wireExec(`command=${MISSING_TOOL}&stdout=true`, 'v4.channel.k8s.io');
    expect(r.frames).toHaveLength(2);
    const status = JSON.parse((r.frames[1] as Buffer).subarray(1).toString());
    expect(status).toMatchObject({ status: 'Failure', reason: 'InternalError', code: 500 });
    expect(status.message).toMatch(new RegExp(`^${NOT_FOUND_KUBELET}$`));
  });

  it('v5 upgrades first, so the kubelet\'s refusal arrives as a status', async () => {
    podInPhase('creating', 'Pending', { waiting: { reason: 'ContainerCreating' } });
    const r = await wireExec('command=ls&stdout=true', 'v5.channel.k8s.io', [], 'creating');
    expect(r.frames).toEqual([
      Buffer.from([1]),
      Buffer.from('\x03{"metadata":{},"status":"Failure","message":"Internal error occurred: unable to upgrade connection: container not found (\\"busybox\\")","reason":"InternalError","details":{"causes":[{"message":"unable to upgrade connection: container not found (\\"busybox\\")"}]},"code":500}'),
    ]);
    expect(r.close).toBe(1000);
  });

  it('no stdout or stderr: the empty first frame goes on the error channel', async () => {
    const r = await wireExec('command=cat&stdin=true', 'v5.channel.k8s.io', [Buffer.from('\x00x'), Buffer.from([255, 0])]);
    expect(r.frames).toEqual([Buffer.from([3]), Buffer.from('\x03{"metadata":{},"status":"Success"}')]);
  });
});

describe('kubectl', () => {
  it('1.33 runs a command over WebSocket', async () => {
    const r = await runKubectl(kubectl133, lab.kubeconfigPath, ['exec', 'client-pod', '--', 'echo', 'hi']);
    expect(r).toEqual({ code: 0, stdout: 'hi\n', stderr: '' });
  });

  it('1.33 exits with the command\'s exit code', async () => {
    const r = await runKubectl(kubectl133, lab.kubeconfigPath, ['exec', 'client-pod', '--', 'sh', '-c', 'exit 3']);
    expect(r).toEqual({ code: 3, stdout: '', stderr: 'command terminated with exit code 3\n' });
  });

  it('1.33 drives an interactive shell through stdin', async () => {
    const r = await runKubectl(kubectl133, lab.kubeconfigPath, ['exec', '-i', 'client-pod', '--', 'sh'], { stdin: 'echo one\nexit\n' });
    expect(r).toEqual({ code: 0, stdout: 'one\n', stderr: '' });
  });

  it('1.33 prints the runtime\'s error for a missing tool', async () => {
    const r = await runKubectl(kubectl133, lab.kubeconfigPath, ['exec', 'client-pod', '--', MISSING_TOOL]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().replace(/^error: /, '')).toMatch(NOT_FOUND);
  });

  it('1.33 as the read-only user is Forbidden', async () => {
    const r = await runKubectl(kubectl133, lab.kubeconfigPath, ['exec', 'client-pod', '--', 'echo', 'hi'], { context: 'lab-readonly' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error from server \(Forbidden\): pods "client-pod" is forbidden: User "readonly" cannot create resource "pods\/exec"/);
  });

  it('1.33 on a pod whose container has not started: what current clusters print', async () => {
    podInPhase('starting', 'Pending', { waiting: { reason: 'ContainerCreating' } });
    const r = await runKubectl(kubectl133, lab.kubeconfigPath, ['exec', 'starting', '--', 'echo', 'hi']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: Internal error occurred: unable to upgrade connection: container not found ("busybox")\n' });
  });

  it('1.20 (SPDY only) gets a clear refusal', async () => {
    const r = await runKubectl(kubectl120, lab.kubeconfigPath, ['exec', 'client-pod', '--', 'echo', 'hi']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error from server (BadRequest): this podnet lab serves exec only over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io), not SPDY: use kubectl 1.30 or newer\n');
  });
});
