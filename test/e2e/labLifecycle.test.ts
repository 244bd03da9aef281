// The lab leaves nothing behind: after Ctrl-C, SIGTERM, a failed start, or a kill -9 followed by
// a new lab, its state folder, kubeconfig and control socket are gone and its process has exited.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { dirname } from 'node:path';
import { load } from 'js-yaml';
import { PODNET, runPodnet, startLab } from '../helpers/lab.js';

function controlSocket(kubeconfig: string): string {
  const doc = load(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { extensions: { extension: { controlSocket: string } }[] } }[] };
  return doc.clusters[0]!.cluster.extensions[0]!.extension.controlSocket;
}

describe('podnet lab cleans up after itself', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('on %s: exits 0 and removes its state folder and kubeconfig', async (signal) => {
    const lab = await startLab();
    const socket = controlSocket(lab.kubeconfig);
    const stateDir = dirname(socket);
    expect(existsSync(socket)).toBe(true);
    const started = Date.now();
    const code = await lab.stop(signal);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000); // a hang would be forever; a loaded CI machine is slow
    expect(existsSync(stateDir)).toBe(false);
    expect(existsSync(lab.kubeconfig)).toBe(false);
    expect(lab.output()).toContain(`lab: ${signal}, cleaning up\nlab: removed (its namespaces, processes and files)\n`);
  });

  it('Ctrl-C while the lab is still starting leaves nothing behind', async () => {
    const child = spawn(process.execPath, [PODNET, 'lab'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid!;
    // Wait until it has begun making namespaces, then interrupt it.
    for (let i = 0; i < 200 && namespacesOf(pid).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(namespacesOf(pid).length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    child.kill('SIGINT');
    await exited;
    expect(namespacesOf(pid)).toEqual([]);
    expect(existsSync(`/run/podnet/lab-${pid}`)).toBe(false);
  });

  it('an idle client on a NodePort does not hold the lab open at Ctrl-C', async () => {
    const lab = await startLab();
    const nodeIP = await firstNodeIP(lab.kubeconfig);
    const idle = connect(30080, nodeIP);
    await new Promise((ok, fail) => { idle.once('connect', ok); idle.once('error', fail); });
    const started = Date.now();
    expect(await lab.stop('SIGINT')).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000);
    idle.destroy();
  });

  it('a failed start (port in use) says why in one sentence, exits 2 and leaves nothing', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runPodnet(['lab', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`podnet: Cannot start the lab: port ${port} is already in use.`);
      expect(stateFolders()).not.toContain(`lab-${r.pid}`);
    } finally {
      blocker.close();
    }
  });

  it('after a kill -9, the next lab sweeps the dead one\'s folder, namespaces and processes', async () => {
    const first = await startLab();
    const deadPid = first.child.pid!;
    const deadDir = dirname(controlSocket(first.kubeconfig));
    first.child.kill('SIGKILL');
    await new Promise((ok) => first.child.once('exit', ok));
    expect(existsSync(deadDir)).toBe(true);
    expect(namespacesOf(deadPid).length).toBeGreaterThan(0);
    expect(processesUnder(deadDir).length).toBeGreaterThan(0);
    expect(existsSync(first.kubeconfig)).toBe(true);
    const second = await startLab();
    try {
      expect(existsSync(deadDir)).toBe(false);
      expect(existsSync(first.kubeconfig)).toBe(false); // its --kubeconfig-out file too
      expect(namespacesOf(deadPid)).toEqual([]);
      expect(processesUnder(deadDir)).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it('without root, says in one sentence why it needs root and exits 2', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((ok) => {
      const c = spawn('runuser', ['-u', 'nobody', '--', process.execPath, PODNET, 'lab'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      c.stderr.on('data', (d) => (stderr += d));
      c.on('exit', (code) => ok({ code, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('podnet: podnet lab needs root: its pods are network namespaces with real addresses, which only root can create (run it with sudo).');
  });

  it('refuses to overwrite a file that is not a lab kubeconfig', async () => {
    const r = await runPodnet(['lab', '--kubeconfig-out', '/etc/hostname']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/etc/hostname exists and is not a lab kubeconfig; the lab will not overwrite it.');
  });

  it('rejects bad flags with a usage error (exit 2)', async () => {
    const r = await runPodnet(['lab', '--scenario', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown scenario "nope"');
    const f = await runPodnet(['lab', 'fault', 'restart-pod', 'x', '--kubeconfig', '/nonexistent']);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('Cannot read the kubeconfig /nonexistent: no such file.');
  });

  it('prints help that names every fault and option', async () => {
    const r = await new Promise<string>((ok) => {
      const c = spawn(process.execPath, [PODNET, 'lab', '--help']);
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('exit', () => ok(out));
    });
    for (const word of ['--kubeconfig-out', '--scenario', '--pods', '--nodes', 'restart-pod', 'drop-watches', 'stop-api', 'start-api', 'loss']) {
      expect(r).toContain(word);
    }
  });
});

async function firstNodeIP(kubeconfig: string): Promise<string> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const nodes = await kc.makeApiClient(CoreV1Api).listNode();
  return nodes.items[0]!.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
}

function namespacesOf(pid: number): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`podnet-${pid}-`));
}

/** Processes whose command line names a path in the lab's folder (its pod agents and nginx). */
function processesUnder(dir: string): string[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`${dir}/`);
    } catch {
      return false;
    }
  });
}

function stateFolders(): string[] {
  const root = process.getuid?.() === 0 ? '/run/podnet' : undefined;
  return root && existsSync(root) ? readdirSync(root).filter((n) => n.startsWith('lab-')).sort() : [];
}
