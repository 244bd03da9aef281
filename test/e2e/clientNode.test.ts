// The lab as @kubernetes/client-node 1.x sees it: lists with selectors and paging, raw watches
// (order, resume, 410), an informer through the lab's faults, and the read-only user.
// Everything goes through the library's public API, as podnet itself uses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import { startLab, type RunningLab } from '../helpers/lab';
import { poll } from '../helpers/poll.js';

// The tutorial scenario's pods in `default`.
const DEFAULT_PODS = ['backend', 'cache', 'client-pod', 'db', 'distroless-app', 'frontend', 'practice-pod'];

let lab: RunningLab;
let kc: k8s.KubeConfig;
let api: k8s.CoreV1Api;
/** Set once this file has restarted the API server (stop-api + start-api). */
let apiRestarted = false;
const informers: { stop: () => Promise<void> }[] = [];

beforeAll(async () => {
  lab = await startLab();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(lab.kubeconfig);
  expect(kc.getCurrentContext()).toBe('lab');
  api = kc.makeApiClient(k8s.CoreV1Api);
});

afterAll(async () => {
  for (const i of informers) await i.stop().catch(() => {});
  await lab?.stop();
});

// ---------------------------------------------------------------------------------------------
// helpers


const names = (pods: readonly k8s.V1Pod[]) => pods.map((p) => p.metadata!.name!).sort();
const keys = (pods: readonly k8s.V1Pod[]) => pods.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`).sort();
const rvOf = (o: { metadata?: { resourceVersion?: string } }) => Number(o.metadata?.resourceVersion);

function podBody(name: string, labels: Record<string, string> = {}, nodeName?: string): k8s.V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { e2e: 'client-node', ...labels } },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }], ...(nodeName ? { nodeName } : {}) },
  };
}

async function waitRunning(namespace: string, name: string): Promise<k8s.V1Pod> {
  return poll(`${namespace}/${name} Running with an IP`, async () => {
    const p = await api.readNamespacedPod({ namespace, name });
    return p.status?.phase === 'Running' && p.status.podIP ? p : undefined;
  });
}

async function waitGone(namespace: string, name: string): Promise<void> {
  await poll(`${namespace}/${name} gone`, async () => {
    try {
      await api.readNamespacedPod({ namespace, name });
      return false;
    } catch (e) {
      if ((e as k8s.ApiException<unknown>).code === 404) return true;
      throw e;
    }
  });
}

interface WatchEvent {
  type: string;
  object: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A client-node Watch that records its events and how it ended. */
async function recordWatch(path: string, query: Record<string, string>) {
  const events: WatchEvent[] = [];
  let ended: { err: unknown } | undefined;
  const controller = await new k8s.Watch(kc).watch(
    path, query,
    (type, object) => events.push({ type, object }),
    (err) => (ended = { err }),
  );
  return { events, ended: () => ended, abort: () => controller.abort() };
}

interface LogEntry {
  verb: 'add' | 'update' | 'delete';
  name: string;
  uid: string;
  rv: number;
  deleting: boolean;
  ip: string | undefined;
  labels: Record<string, string>;
}

/**
 * makeInformer on default's pods, restarted on 'error' with a small capped backoff, as podnet
 * does: client-node 1.4 re-watches by itself after a clean end but stops for good on an error.
 */
async function runInformer() {
  let lists = 0;
  let connects = 0;
  const errors: unknown[] = [];
  const log: LogEntry[] = [];
  let stopped = false;
  let delay = 100;
  let timer: NodeJS.Timeout | undefined;
  const informer = k8s.makeInformer<k8s.V1Pod>(kc, '/api/v1/namespaces/default/pods', async () => {
    lists++;
    const list = await api.listNamespacedPod({ namespace: 'default' });
    delay = 100;
    return list;
  });
  const record = (verb: LogEntry['verb']) => (p: k8s.V1Pod) =>
    log.push({
      verb, name: p.metadata!.name!, uid: p.metadata!.uid!, rv: rvOf(p), deleting: !!p.metadata!.deletionTimestamp,
      ip: p.status?.podIP, labels: { ...(p.metadata!.labels ?? {}) },
    });
  informer.on('add', record('add'));
  informer.on('update', record('update'));
  informer.on('delete', record('delete'));
  informer.on('connect', () => connects++);
  informer.on('error', (err) => {
    errors.push(err);
    if (stopped) return;
    timer = setTimeout(() => {
      if (!stopped) informer.start().catch((e) => errors.push(e));
    }, delay);
    delay = Math.min(delay * 2, 1000);
  });
  const handle = {
    informer,
    log,
    errors,
    get lists() {
      return lists;
    },
    get connects() {
      return connects;
    },
    latestResourceVersion: () => (informer as unknown as k8s.ListWatch<k8s.V1Pod>).latestResourceVersion(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await informer.stop();
    },
  };
  informers.push(handle);
  await informer.start();
  return handle;
}

/** The informer's cache and the API agree on default's pods: same names, same uids, same versions. */
async function converged(inf: Awaited<ReturnType<typeof runInformer>>): Promise<boolean> {
  const live = await api.listNamespacedPod({ namespace: 'default' });
  const want = live.items.map((p) => `${p.metadata!.name}/${p.metadata!.uid}/${p.metadata!.resourceVersion}`).sort();
  const have = inf.informer.list('default').map((p) => `${p.metadata!.name}/${p.metadata!.uid}/${p.metadata!.resourceVersion}`).sort();
  return JSON.stringify(want) === JSON.stringify(have);
}

// ---------------------------------------------------------------------------------------------

describe('lists', () => {
  it('lists the tutorial pods, Running with IPs from their node\'s pod CIDR', async () => {
    const list = await api.listNamespacedPod({ namespace: 'default' });
    expect(names(list.items)).toEqual(DEFAULT_PODS);
    expect(list.metadata?.resourceVersion).toMatch(/^\d+$/);
    for (const p of list.items) {
      expect(p.metadata?.namespace).toBe('default');
      expect(p.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(p.status?.phase).toBe('Running');
      const cidr = p.spec?.nodeName === 'lab-node-1' ? /^10\.244\.0\.\d+$/ : /^10\.244\.1\.\d+$/;
      expect(p.status?.podIP, p.metadata?.name).toMatch(cidr);
    }
    const all = await api.listPodForAllNamespaces();
    const namespaces = new Set(all.items.map((p) => p.metadata!.namespace));
    expect([...namespaces].sort()).toEqual(['default', 'kube-system', 'restricted']);
    expect(keys(all.items)).toEqual(expect.arrayContaining(['restricted/secure-app', 'kube-system/coredns']));
  });

  it('filters by labelSelector', async () => {
    const eq = await api.listNamespacedPod({ namespace: 'default', labelSelector: 'app=practice' });
    expect(names(eq.items)).toEqual(['practice-pod']);
    const set = await api.listNamespacedPod({ namespace: 'default', labelSelector: 'app in (backend,frontend,nosuch)' });
    expect(names(set.items)).toEqual(['backend', 'frontend']);
    const exists = await api.listNamespacedPod({ namespace: 'default', labelSelector: 'tier' });
    expect(names(exists.items)).toEqual(['backend', 'frontend']);
    const and = await api.listNamespacedPod({ namespace: 'default', labelSelector: 'tier,tier!=web' });
    expect(names(and.items)).toEqual(['backend']);
    const none = await api.listNamespacedPod({ namespace: 'default', labelSelector: 'app=nosuch' });
    expect(none.items).toEqual([]);
    const allNs = await api.listPodForAllNamespaces({ labelSelector: 'k8s-app=kube-dns' });
    expect(keys(allNs.items)).toEqual(['kube-system/coredns']);
  });

  it('filters by fieldSelector metadata.name, spec.nodeName and status.phase', async () => {
    const all = (await api.listPodForAllNamespaces()).items;

    const byName = await api.listNamespacedPod({ namespace: 'default', fieldSelector: 'metadata.name=db' });
    expect(names(byName.items)).toEqual(['db']);
    const byNameAll = await api.listPodForAllNamespaces({ fieldSelector: 'metadata.name=secure-app' });
    expect(keys(byNameAll.items)).toEqual(['restricted/secure-app']);

    for (const node of ['lab-node-1', 'lab-node-2']) {
      const onNode = await api.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}` });
      const want = keys(all.filter((p) => p.spec?.nodeName === node));
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(all.length);
      expect(keys(onNode.items), node).toEqual(want);
    }
    const node1Default = await api.listNamespacedPod({ namespace: 'default', fieldSelector: 'spec.nodeName=lab-node-1' });
    expect(names(node1Default.items)).toEqual(['cache', 'client-pod', 'practice-pod']);

    const running = await api.listNamespacedPod({ namespace: 'default', fieldSelector: 'status.phase=Running' });
    expect(names(running.items)).toEqual(DEFAULT_PODS);
    const notRunning = await api.listPodForAllNamespaces({ fieldSelector: 'status.phase!=Running' });
    expect(notRunning.items).toEqual([]);
    const pending = await api.listPodForAllNamespaces({ fieldSelector: 'status.phase=Pending' });
    expect(pending.items).toEqual([]);

    const combined = await api.listPodForAllNamespaces({ labelSelector: 'tier', fieldSelector: 'spec.nodeName=lab-node-2,status.phase=Running' });
    expect(keys(combined.items)).toEqual(['default/backend', 'default/frontend']);
  });

  it('pages with limit + continue across all namespaces: every pod exactly once', async () => {
    const whole = await api.listPodForAllNamespaces();
    const pages: k8s.V1PodList[] = [];
    let token: string | undefined;
    do {
      const page = await api.listPodForAllNamespaces({ limit: 2, _continue: token });
      pages.push(page);
      token = page.metadata?._continue || undefined;
      expect(pages.length).toBeLessThan(50); // a token that never ends would loop forever
    } while (token);

    const seen = pages.flatMap((p) => p.items.map((i) => `${i.metadata!.namespace}/${i.metadata!.name}`));
    expect(seen.length).toBe(whole.items.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(keys(whole.items));
    expect(pages.length).toBe(Math.ceil(whole.items.length / 2));
    // etcd's key order: namespace, then name.
    expect(seen).toEqual([...seen].sort());
    for (const [i, page] of pages.entries()) {
      const last = i === pages.length - 1;
      expect(page.items.length, `page ${i}`).toBe(last ? whole.items.length - 2 * i : 2);
      expect(!!page.metadata?._continue, `continue on page ${i}`).toBe(!last);
      // No selector: the apiserver says how many items are left.
      if (!last) expect(page.metadata?.remainingItemCount, `remainingItemCount on page ${i}`).toBe(whole.items.length - 2 * (i + 1));
      // Every page is served at the first page's resourceVersion.
      expect(page.metadata?.resourceVersion).toBe(pages[0]!.metadata?.resourceVersion);
    }
  });

  it('continue pages are a snapshot at the first page\'s resourceVersion', async () => {
    // etcd3 serves continuations at the token's revision: a pod created after page 1 is not in
    // later pages, and a pod deleted after page 1 still is.
    await api.createNamespacedPod({ namespace: 'restricted', body: podBody('zz-snap-old') });
    try {
      const first = await api.listPodForAllNamespaces({ limit: 2 });
      expect(first.metadata?._continue).toBeTruthy();
      await api.deleteNamespacedPod({ namespace: 'restricted', name: 'zz-snap-old', gracePeriodSeconds: 0 });
      await waitGone('restricted', 'zz-snap-old');
      await api.createNamespacedPod({ namespace: 'restricted', body: podBody('zz-snap-new') });
      const seen = first.items.map((i) => `${i.metadata!.namespace}/${i.metadata!.name}`);
      let token = first.metadata?._continue;
      while (token) {
        const page = await api.listPodForAllNamespaces({ limit: 2, _continue: token });
        expect(page.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
        seen.push(...page.items.map((i) => `${i.metadata!.namespace}/${i.metadata!.name}`));
        token = page.metadata?._continue || undefined;
      }
      expect(seen).toContain('restricted/zz-snap-old');
      expect(seen).not.toContain('restricted/zz-snap-new');
    } finally {
      for (const name of ['zz-snap-old', 'zz-snap-new']) {
        await api.deleteNamespacedPod({ namespace: 'restricted', name, gracePeriodSeconds: 0 }).catch(() => {});
      }
    }
  });
});

describe('watch', () => {
  const name = 'watch-e2e';
  let history: WatchEvent[] | undefined;

  it('sees ADDED, MODIFIED..., DELETED of a pod in order, with increasing resourceVersions', async () => {
    const start = await api.listNamespacedPod({ namespace: 'default' });
    const w = await recordWatch('/api/v1/namespaces/default/pods', {
      resourceVersion: start.metadata!.resourceVersion!, fieldSelector: `metadata.name=${name}`,
    });
    try {
      const created = await api.createNamespacedPod({ namespace: 'default', body: podBody(name, { step: 'one' }) });
      await waitRunning('default', name);
      await api.patchNamespacedPod({
        namespace: 'default', name, body: [{ op: 'replace', path: '/metadata/labels/step', value: 'two' }],
      });
      await poll('the label change in the watch', () => w.events.some((e) => e.object?.metadata?.labels?.step === 'two'));
      await api.deleteNamespacedPod({ namespace: 'default', name });
      await poll('DELETED', () => w.events.some((e) => e.type === 'DELETED'));

      const types = w.events.map((e) => e.type);
      expect(types[0]).toBe('ADDED');
      expect(types[types.length - 1]).toBe('DELETED');
      expect(types.slice(1, -1).every((t) => t === 'MODIFIED'), types.join(',')).toBe(true);
      expect(types.length).toBeGreaterThanOrEqual(4);
      for (const e of w.events) {
        expect(e.object.kind).toBe('Pod');
        expect(e.object.apiVersion).toBe('v1');
        expect(e.object.metadata.name).toBe(name);
        expect(e.object.metadata.uid).toBe(created.metadata!.uid);
      }
      expect(w.events[0]!.object.metadata.resourceVersion).toBe(created.metadata!.resourceVersion);
      const rvs = w.events.map((e) => rvOf(e.object));
      for (let i = 1; i < rvs.length; i++) expect(rvs[i], `rv of event ${i}: ${rvs.join(',')}`).toBeGreaterThan(rvs[i - 1]!);
      expect(rvs[0]).toBeGreaterThan(Number(start.metadata!.resourceVersion));
      // A graceful delete: MODIFIED with deletionTimestamp first, then DELETED.
      const beforeDelete = w.events[w.events.length - 2]!;
      expect(beforeDelete.type).toBe('MODIFIED');
      expect(beforeDelete.object.metadata.deletionTimestamp).toBeTruthy();
      // The Running update and the label change are both there, in that order.
      const runningAt = w.events.findIndex((e) => e.object.status?.phase === 'Running');
      const labelAt = w.events.findIndex((e) => e.object.metadata.labels?.step === 'two');
      expect(runningAt).toBeGreaterThan(0);
      expect(labelAt).toBeGreaterThan(runningAt);
      expect(w.ended()).toBeUndefined(); // the watch is still open
      history = w.events;
    } finally {
      w.abort();
    }
  });

  it('resumed from a resourceVersion taken mid-way, replays only the later events', async () => {
    expect(history, 'needs the previous test\'s events').toBeDefined();
    const mid = history!.findIndex((e) => e.object.metadata.labels?.step === 'two');
    expect(mid).toBeGreaterThan(0);
    const from = history![mid]!.object.metadata.resourceVersion as string;
    const want = history!.slice(mid + 1).map((e) => `${e.type}@${e.object.metadata.resourceVersion}`);
    expect(want.length).toBeGreaterThanOrEqual(2);

    const w = await recordWatch('/api/v1/namespaces/default/pods', { resourceVersion: from, fieldSelector: `metadata.name=${name}` });
    try {
      await poll('the replayed DELETED', () => w.events.some((e) => e.type === 'DELETED'));
      // Anything else buffered right behind it would come within a moment.
      await new Promise((r) => setTimeout(r, 300));
      expect(w.events.map((e) => `${e.type}@${e.object.metadata.resourceVersion}`)).toEqual(want);
      expect(w.events.every((e) => rvOf(e.object) > Number(from))).toBe(true);
    } finally {
      w.abort();
    }
  });

  it('without a resourceVersion, starts with ADDED for every current pod', async () => {
    const w = await recordWatch('/api/v1/namespaces/default/pods', {});
    try {
      await poll('one ADDED per pod', () => w.events.length >= DEFAULT_PODS.length);
      await new Promise((r) => setTimeout(r, 200));
      expect(w.events.every((e) => e.type === 'ADDED')).toBe(true);
      expect(w.events.map((e) => e.object.metadata.name as string).sort()).toEqual(DEFAULT_PODS);
    } finally {
      w.abort();
    }
  });
});

describe('readonly context', () => {
  let ro: k8s.CoreV1Api;
  beforeAll(() => {
    const rkc = new k8s.KubeConfig();
    rkc.loadFromFile(lab.kubeconfig);
    rkc.setCurrentContext('lab-readonly');
    expect(rkc.getCurrentUser()?.name).toBe('readonly');
    ro = rkc.makeApiClient(k8s.CoreV1Api);
  });

  it('can list pods', async () => {
    const list = await ro.listNamespacedPod({ namespace: 'default' });
    expect(names(list.items)).toEqual(DEFAULT_PODS);
  });

  it('cannot create a pod: ApiException 403 with the apiserver\'s message', async () => {
    const err = await ro.createNamespacedPod({ namespace: 'default', body: podBody('ro-attempt') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(k8s.ApiException);
    const ex = err as k8s.ApiException<string>;
    expect(ex.code).toBe(403);
    const body = JSON.parse(ex.body);
    expect(body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods is forbidden: User "readonly" cannot create resource "pods" in API group "" in the namespace "default"',
      reason: 'Forbidden', details: { kind: 'pods' }, code: 403,
    });
    // And nothing was created.
    await expect(api.readNamespacedPod({ namespace: 'default', name: 'ro-attempt' })).rejects.toMatchObject({ code: 404 });
  });

  it('cannot delete a pod: 403 naming the pod', async () => {
    const err = await ro.deleteNamespacedPod({ namespace: 'default', name: 'db' }).then(() => undefined, (e: unknown) => e);
    expect((err as k8s.ApiException<string>).code).toBe(403);
    expect(JSON.parse((err as k8s.ApiException<string>).body)).toMatchObject({
      message: 'pods "db" is forbidden: User "readonly" cannot delete resource "pods" in API group "" in the namespace "default"',
      reason: 'Forbidden', details: { name: 'db', kind: 'pods' }, code: 403,
    });
    expect((await api.readNamespacedPod({ namespace: 'default', name: 'db' })).metadata?.deletionTimestamp).toBeUndefined();
  });
});

describe('informer', () => {
  it('sees add, update, delete in order and survives drop-watches, stop-api/start-api (with a 410 relist)', async () => {
    const inf = await runInformer();
    await poll('the informer\'s initial list', () => names(inf.informer.list('default')).join() === DEFAULT_PODS.join());
    expect(inf.lists).toBe(1);

    // -- add / update / delete of one pod, in order
    await api.createNamespacedPod({ namespace: 'default', body: podBody('inf-a', { step: 'one' }) });
    await poll('inf-a Running in the cache', () => inf.informer.get('inf-a', 'default')?.status?.podIP);
    await api.patchNamespacedPod({ namespace: 'default', name: 'inf-a', body: [{ op: 'replace', path: '/metadata/labels/step', value: 'two' }] });
    await poll('inf-a relabelled in the cache', () => inf.informer.get('inf-a', 'default')?.metadata?.labels?.step === 'two');
    await api.deleteNamespacedPod({ namespace: 'default', name: 'inf-a' });
    await poll('inf-a deleted from the cache', () => inf.log.some((e) => e.name === 'inf-a' && e.verb === 'delete'));
    expect(inf.informer.get('inf-a', 'default')).toBeUndefined();
    const a = inf.log.filter((e) => e.name === 'inf-a');
    expect(a[0]!.verb).toBe('add');
    expect(a[a.length - 1]!.verb).toBe('delete');
    expect(a.slice(1, -1).every((e) => e.verb === 'update'), a.map((e) => e.verb).join()).toBe(true);
    expect(a.some((e) => e.verb === 'update' && e.labels.step === 'two')).toBe(true);
    expect(a.some((e) => e.verb === 'update' && e.deleting)).toBe(true);
    for (let i = 1; i < a.length; i++) expect(a[i]!.rv).toBeGreaterThan(a[i - 1]!.rv);
    expect(new Set(a.map((e) => e.uid)).size).toBe(1);

    // -- drop-watches: a clean end; client-node re-watches from its resourceVersion, no relist
    const connectsBefore = inf.connects;
    const dropped = await lab.fault('drop-watches');
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.stdout).toMatch(/dropped [1-9]\d* watch/);
    await poll('the informer re-watching', () => inf.connects > connectsBefore);
    await api.createNamespacedPod({ namespace: 'default', body: podBody('inf-b') });
    await poll('inf-b Running in the cache', () => inf.informer.get('inf-b', 'default')?.status?.podIP);
    expect(inf.lists).toBe(1);
    expect(inf.errors).toEqual([]);
    expect(await converged(inf)).toBe(true);

    // -- stop-api / start-api. First move the cluster's resourceVersion past the informer's
    // (a change it does not watch), so that a restarted apiserver must answer its watch with 410.
    await api.createNamespacedPod({ namespace: 'restricted', body: podBody('inf-elsewhere') });
    const elsewhere = await waitRunning('restricted', 'inf-elsewhere');
    const informerRv = inf.latestResourceVersion();
    expect(Number(informerRv)).toBeGreaterThan(0);
    expect(Number(informerRv)).toBeLessThan(rvOf(elsewhere));

    const stopped = await lab.fault('stop-api');
    expect(stopped.code, stopped.stderr).toBe(0);
    await expect(api.listNamespacedPod({ namespace: 'default' })).rejects.toThrow();
    // It errors, and our restarts keep failing while the API is down.
    await poll('two informer errors while the API is down', () => inf.errors.length >= 2);
    const listsBefore = inf.lists;

    const started = await lab.fault('start-api');
    expect(started.code, started.stderr).toBe(0);
    apiRestarted = true;
    await poll('the API answering again', () => api.listNamespacedPod({ namespace: 'default' }).then(() => true));

    // A restarted apiserver forgot its watch history: the informer's version is too old.
    const probe = await recordWatch('/api/v1/namespaces/default/pods', { resourceVersion: informerRv });
    try {
      await poll('the probe watch ending', () => probe.ended());
      expect(probe.events.map((e) => e.type)).toEqual(['ERROR']);
      expect(probe.events[0]!.object).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
      expect(probe.ended()!.err).toBeNull();
    } finally {
      probe.abort();
    }

    // The informer, restarted by our error handler, watches from its old version, gets 410, and relists.
    await poll('the informer relisting after the 410', () => inf.lists > listsBefore, 20_000);
    await api.createNamespacedPod({ namespace: 'default', body: podBody('inf-c') });
    await api.deleteNamespacedPod({ namespace: 'default', name: 'inf-b' });
    await poll('inf-c Running in the cache', () => inf.informer.get('inf-c', 'default')?.status?.podIP);
    await poll('inf-b deleted from the cache', () => !inf.informer.get('inf-b', 'default'));
    await poll('the informer converging on the API\'s pods', () => converged(inf));
    expect(names(inf.informer.list('default'))).toEqual([...DEFAULT_PODS, 'inf-c'].sort());
    expect(inf.log.filter((e) => e.name === 'inf-c')[0]?.verb).toBe('add');
    expect(inf.log.filter((e) => e.name === 'inf-b').pop()?.verb).toBe('delete');

    await api.deleteNamespacedPod({ namespace: 'default', name: 'inf-c', gracePeriodSeconds: 0 });
    await api.deleteNamespacedPod({ namespace: 'restricted', name: 'inf-elsewhere', gracePeriodSeconds: 0 });
    await poll('inf-c gone from the cache', () => !inf.informer.get('inf-c', 'default'));
    await inf.stop();
  }, 90_000);

  it('after restart-pod practice-pod, the cache holds practice-pod with a new uid and a new IP', async () => {
    const inf = await runInformer();
    const old = await poll('practice-pod in the cache', () => inf.informer.get('practice-pod', 'default'));
    const oldUid = old.metadata!.uid!;
    const oldIp = old.status!.podIP!;
    expect(oldIp).toBeTruthy();

    const r = await lab.fault('restart-pod', 'practice-pod');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(oldIp);

    const fresh = await poll('practice-pod with a new uid and an IP in the cache', () => {
      const p = inf.informer.get('practice-pod', 'default');
      return p && p.metadata!.uid !== oldUid && p.status?.podIP ? p : undefined;
    });
    expect(fresh.status!.podIP).not.toBe(oldIp);
    expect(fresh.status!.phase).toBe('Running');
    expect(fresh.metadata!.deletionTimestamp).toBeUndefined();
    const live = await api.readNamespacedPod({ namespace: 'default', name: 'practice-pod' });
    expect(live.metadata!.uid).toBe(fresh.metadata!.uid);
    expect(live.status!.podIP).toBe(fresh.status!.podIP);
    expect(r.stdout).toContain(fresh.status!.podIP!);

    // What the informer saw: the old pod marked for deletion, then deleted, then the new one added.
    const seen = inf.log.filter((e) => e.name === 'practice-pod');
    const marked = seen.findIndex((e) => e.verb === 'update' && e.uid === oldUid && e.deleting);
    const deleted = seen.findIndex((e) => e.verb === 'delete' && e.uid === oldUid);
    const added = seen.findIndex((e) => e.verb === 'add' && e.uid === fresh.metadata!.uid);
    expect(marked, JSON.stringify(seen)).toBeGreaterThanOrEqual(0);
    expect(deleted).toBeGreaterThan(marked);
    expect(added).toBeGreaterThan(deleted);
    expect(await converged(inf)).toBe(true);
    await inf.stop();
  }, 60_000);
});

describe('watch from a too-old resourceVersion', () => {
  it('after start-api, a watch from resourceVersion "1" gets one ERROR 410 Expired event and ends', async () => {
    if (!apiRestarted) {
      expect((await lab.fault('stop-api')).code).toBe(0);
      expect((await lab.fault('start-api')).code).toBe(0);
      apiRestarted = true;
      await poll('the API answering again', () => api.listNamespacedPod({ namespace: 'default' }).then(() => true));
    }
    const w = await recordWatch('/api/v1/namespaces/default/pods', { resourceVersion: '1' });
    try {
      await poll('the watch ending', () => w.ended(), 10_000);
      expect(w.events.map((e) => e.type)).toEqual(['ERROR']);
      const status = w.events[0]!.object;
      expect(status).toEqual({
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/), reason: 'Expired', code: 410,
      });
      expect(w.ended()!.err).toBeNull();
    } finally {
      w.abort();
    }
  });
});
