import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nodeView, podView, type PodJson } from './toView.js';

const data = (f: string) => JSON.parse(readFileSync(new URL(`./testdata/${f}`, import.meta.url), 'utf8'));

describe('podView (from a real apiserver\'s pod list)', () => {
  const [debug, pending] = data('pods-podnet-demo.list.json').items as PodJson[];

  it('keeps what the panes show, in kubectl\'s words', () => {
    expect(podView(debug!)).toMatchObject({
      key: 'podnet-demo/debug', namespace: 'podnet-demo', name: 'debug', uid: 'b22bfc6e-5339-4489-8bc6-a049906abf06', resourceVersion: '211',
      ip: '10.244.0.9', hostIP: '127.0.0.2', node: 'node-a', phase: 'Running', status: 'Running', ready: '1/1', restartCount: 0,
      createdMs: Date.parse('2026-11-24T08:16:11Z'), labels: { app: 'debug' }, ports: [],
    });
  });

  it('an unscheduled pod: no IP, no node, Pending', () => {
    expect(podView(pending!)).toMatchObject({ ip: '', node: '', status: 'Pending', ready: '0/1', ports: [{ container: 'nginx', name: 'http', port: 80, protocol: 'TCP' }] });
  });

  it('a pod being deleted is Terminating; restarts carry the last one\'s time', () => {
    const p = structuredClone(data('practice-pod.json')) as PodJson & { metadata: { deletionTimestamp?: string } };
    p.metadata.deletionTimestamp = '2026-11-24T09:50:00Z';
    const s = (p.status as unknown as { containerStatuses: { restartCount: number; lastState: unknown }[] }).containerStatuses[0]!;
    s.restartCount = 3;
    s.lastState = { terminated: { exitCode: 1, finishedAt: '2026-11-24T09:40:00Z' } };
    expect(podView(p)).toMatchObject({ status: 'Terminating', restartCount: 3, lastRestartMs: Date.parse('2026-11-24T09:40:00Z') });
  });

  it('strips control sequences from everything it keeps', () => {
    const p = structuredClone(debug!) as PodJson;
    p.metadata!.labels = { 'app': 'x\u001b]0;pwned\u0007y' };
    (p.status as { phase: string }).phase = 'Running\u001b[2J';
    const v = podView(p);
    expect(v.labels).toEqual({ app: 'xy' });
    expect(v.phase).toBe('Running');
  });
});

describe('nodeView', () => {
  it('a real apiserver\'s node', () => {
    expect(nodeView(data('node-a.json'))).toMatchObject({ name: 'node-a', status: 'Ready', roles: '<none>' });
  });

  it('the lab\'s node: InternalIP, pod CIDR, roles', () => {
    expect(nodeView(data('lab-node-1.json'))).toMatchObject({
      name: 'lab-node-1', status: 'Ready', roles: 'control-plane', internalIP: '127.0.10.1', podCIDR: '10.244.0.0/24',
    });
  });

  it('a cordoned node is Ready,SchedulingDisabled', () => {
    const n = data('lab-node-1.json');
    n.spec.unschedulable = true;
    expect(nodeView(n).status).toBe('Ready,SchedulingDisabled');
  });
});
