import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig, useContext } from './kubeconfig.js';
import { openSession } from './session.js';
import { getJson } from './request.js';
import { classify } from './kubeErrors.js';

let dir: string;
let server: Server;
let url: string;
let lastAuth: string | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'podnet-kubeconfig-'));
  server = createServer((req, res) => {
    lastAuth = req.headers.authorization;
    res.setHeader('Content-Type', 'application/json');
    res.end('{"kind":"PodList","items":[]}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, o: { current?: string; contexts?: [string, string, string][]; users?: string[]; clusters?: string[] } = {}) {
  const path = join(dir, name);
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: "${o.current ?? ''}"`, 'clusters:'];
  for (const c of o.clusters ?? []) lines.push(`- name: ${c}`, '  cluster:', `    server: ${url}`, '    insecure-skip-tls-verify: true');
  lines.push('users:');
  for (const u of o.users ?? []) lines.push(u);
  lines.push('contexts:');
  for (const [n, c, u] of o.contexts ?? []) lines.push(`- name: ${n}`, '  context:', `    cluster: ${c}`, `    user: ${u}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const token = (name: string, t: string) => `- name: ${name}\n  user:\n    token: ${t}`;

describe('the kubeconfig as kubectl reads it', () => {
  it('KUBECONFIG with several files: missing ones skipped, the first current-context and the first of each name win', () => {
    const a = file('a', { current: 'dev', clusters: ['c1'], users: [token('u', 'first')], contexts: [['dev', 'c1', 'u']] });
    const b = file('b', { current: 'prod', clusters: ['c1', 'c2'], users: [token('u', 'second'), token('v', 'other')], contexts: [['dev', 'c2', 'v'], ['prod', 'c2', 'v']] });
    const { kc, files } = loadKubeconfig({ env: { KUBECONFIG: `${join(dir, 'missing')}:${a}:${b}` } });
    expect(files).toEqual([a, b]);
    expect(kc.getCurrentContext()).toBe('dev');
    expect(kc.getContexts().map((c) => c.name)).toEqual(['dev', 'prod']);
    expect(kc.getContextObject('dev')!.cluster).toBe('c1');
    expect(kc.getUser('u')!.token).toBe('first');
  });

  it('no kubeconfig anywhere: one sentence and what to try', () => {
    expect(() => loadKubeconfig({ env: {}, home: join(dir, 'nohome') })).toThrow(/^No kubeconfig found: KUBECONFIG is not set and .*nohome\/\.kube\/config does not exist\.$/);
    expect(() => loadKubeconfig({ env: { KUBECONFIG: join(dir, 'x') } })).toThrow('No kubeconfig found: none of the files in KUBECONFIG exist');
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'nope') })).toThrow(`Cannot read the kubeconfig ${join(dir, 'nope')}: no such file.`);
  });

  it('an unknown context names the ones there are', () => {
    const { kc } = loadKubeconfig({ kubeconfig: file('c', { current: 'dev', clusters: ['c1'], users: [token('u', 't')], contexts: [['dev', 'c1', 'u'], ['stage', 'c1', 'u']] }) });
    expect(() => useContext(kc, 'prod')).toThrow('There is no context "prod" in the kubeconfig; it has dev, stage.');
    expect(useContext(kc, 'stage')).toBe('stage');
  });

  it('a context that names a missing cluster says so', () => {
    const { kc } = loadKubeconfig({ kubeconfig: file('d', { current: 'dev', clusters: [], users: [token('u', 't')], contexts: [['dev', 'gone', 'u']] }) });
    expect(() => useContext(kc, undefined)).toThrow('Context "dev" names cluster "gone", which the kubeconfig does not define.');
  });
});

describe('credentials come from client-node: tokens, token files, exec plugins', () => {
  it('a bearer token', async () => {
    const s = openSession({ kubeconfig: file('t1', { current: 'x', clusters: ['c'], users: [token('u', 'abc')], contexts: [['x', 'c', 'u']] }) });
    await getJson(s.kc, '/api/v1/pods');
    expect(lastAuth).toBe('Bearer abc');
  });

  it('a token file (kubectl\'s tokenFile, relative to the kubeconfig), read again when it rotates', async () => {
    writeFileSync(join(dir, 'token'), 'from-file\n');
    const s = openSession({ kubeconfig: file('t2', { current: 'x', clusters: ['c'], users: ['- name: u\n  user:\n    tokenFile: token'], contexts: [['x', 'c', 'u']] }) });
    await getJson(s.kc, '/api/v1/pods');
    expect(lastAuth).toBe('Bearer from-file');
    writeFileSync(join(dir, 'token'), 'rotated\n');
    utimesSync(join(dir, 'token'), new Date(), new Date(Date.now() + 5000));
    await getJson(s.kc, '/api/v1/pods');
    expect(lastAuth).toBe('Bearer rotated');
  });

  it('an exec plugin (and its failure, as one sentence)', async () => {
    const plugin = join(dir, 'plugin.sh');
    writeFileSync(plugin, '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}\'\n');
    chmodSync(plugin, 0o755);
    const exec = (cmd: string) => `- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${cmd}\n      interactiveMode: Never`;
    const ok = openSession({ kubeconfig: file('t3', { current: 'x', clusters: ['c'], users: [exec(plugin)], contexts: [['x', 'c', 'u']] }) });
    await getJson(ok.kc, '/api/v1/pods');
    expect(lastAuth).toBe('Bearer from-plugin');

    const broken = openSession({ kubeconfig: file('t4', { current: 'x', clusters: ['c'], users: [exec('no-such-plugin-podnet')], contexts: [['x', 'c', 'u']] }) });
    const err = await getJson(broken.kc, '/api/v1/pods').catch((e) => e);
    expect(classify(err, { verb: 'list', resource: 'pods' }, broken.failure).message)
      .toBe('Cannot get credentials for user "u": the exec plugin "no-such-plugin-podnet" is not installed (no-such-plugin-podnet not found).');
  });
});
