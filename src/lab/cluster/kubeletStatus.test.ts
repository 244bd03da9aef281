import { describe, expect, it } from 'vitest';
import { creatingStatus, failedStatus, fullImage, runningStatus, stoppedStatus } from './kubeletStatus.js';
import { podReadyText, podStatusText } from '../../printers/podStatus.js';

const now = '2026-11-24T08:00:00Z';
const containers = [{ name: 'nginx', image: 'nginx:1.25' }];
const pod = (status: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ metadata: { name: 'p', ...extra }, spec: { containers }, status }) as never;

describe('the statuses a kubelet writes read as kubectl words them', () => {
  it('creating: 0/1 ContainerCreating', () => {
    const p = pod(creatingStatus(containers, '127.0.10.1', now, now));
    expect([podReadyText(p), podStatusText(p, new Date(now))]).toEqual(['0/1', 'ContainerCreating']);
  });

  it('running: 1/1 Running with the pod IP', () => {
    const s = runningStatus(containers, '10.244.0.5', '127.0.10.1', now, now);
    expect(s.podIP).toBe('10.244.0.5');
    expect([podReadyText(pod(s)), podStatusText(pod(s), new Date(now))]).toEqual(['1/1', 'Running']);
  });

  it('stopped while deleting: 0/1 Terminating', () => {
    const s = stoppedStatus(runningStatus(containers, '10.244.0.5', '127.0.10.1', now, now), now);
    const p = pod(s, { deletionTimestamp: now });
    expect([podReadyText(p), podStatusText(p, new Date(now))]).toEqual(['0/1', 'Terminating']);
  });

  it('an image the lab lacks: ErrImagePull', () => {
    const p = pod(failedStatus(creatingStatus(containers, '127.0.10.1', now, now), 'ErrImagePull', 'Failed to pull image "x"'));
    expect(podStatusText(p, new Date(now))).toBe('ErrImagePull');
  });

  it('image references gain the registry and tag a runtime reports', () => {
    expect(fullImage('nginx:1.25')).toBe('docker.io/library/nginx:1.25');
    expect(fullImage('busybox')).toBe('docker.io/library/busybox:latest');
    expect(fullImage('podnet/lab-app:1.0')).toBe('docker.io/podnet/lab-app:1.0');
    expect(fullImage('registry.k8s.io/coredns/coredns:v1.11.1')).toBe('registry.k8s.io/coredns/coredns:v1.11.1');
    expect(fullImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
  });
});
