import { describe, expect, it } from 'vitest';
import { imageSpec } from './images.js';

describe('images decide what a pod has', () => {
  it('matches image references with registries, tags and digests', () => {
    expect(imageSpec('nginx:1.25')?.key).toBe('nginx');
    expect(imageSpec('docker.io/library/nginx@sha256:abc')?.key).toBe('nginx');
    expect(imageSpec('busybox')?.key).toBe('busybox');
    expect(imageSpec('gcr.io/distroless/static-debian12:nonroot')?.key).toBe('distroless');
    expect(imageSpec('nicolaka/netshoot:latest')?.key).toBe('debug');
    expect(imageSpec('quay.io/unknown/thing:1')).toBeUndefined();
  });

  it('nginx has curl but no ping; distroless has nothing; the debug image has iputils ping and iperf3', () => {
    const nginx = imageSpec('nginx:1.25')!.tools as Record<string, unknown>;
    expect(nginx.curl).toEqual({ binary: '/usr/bin/curl' });
    expect(nginx.ping).toBeUndefined();
    expect(nginx.wget).toBeUndefined();
    expect(imageSpec('gcr.io/distroless/static')!.tools).toEqual({});
    const debug = imageSpec('podnet/debug:1.0')!.tools as Record<string, unknown>;
    expect(debug.ping).toEqual({ binary: '/usr/bin/ping' });
    expect(debug.iperf3).toEqual({ binary: '/usr/bin/iperf3' });
    expect(imageSpec('busybox:1.36')!.tools).toBe('all-applets');
  });

  it('servers follow the declared ports: the lab app on each, Postgres and Redis on theirs, DNS for coredns', () => {
    expect(imageSpec('podnet/lab-app:1.0')!.servers([8080, 9090])).toEqual([{ kind: 'http', port: 8080 }, { kind: 'http', port: 9090 }]);
    expect(imageSpec('postgres:16')!.servers([5432])).toEqual([{ kind: 'tcp', port: 5432, protocol: 'postgres' }]);
    expect(imageSpec('registry.k8s.io/coredns/coredns:v1.11.1')!.servers([])).toContainEqual({ kind: 'dns', port: 53 });
  });
});
