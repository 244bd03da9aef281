import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures/probe/load.js';
import { CURL_WRITE_OUT, ProbeArgError, buildArgv, checkHost, httpArgv, httpUrl, pingArgv, tcpArgv, type ProbeSpec } from './argv.js';

// Each of these argv was run for real in the lab and captured; the builder must still produce it.
const CAPTURED: [string, string, ProbeSpec][] = [
  ['busybox-ping', 'podnet-ok', { kind: 'ping', tool: 'busybox-ping', host: '10.244.1.2', count: 5, intervalS: 0.2, timeoutS: 1 }],
  ['busybox-ping', 'unreachable', { kind: 'ping', tool: 'busybox-ping', host: '10.244.1.200', count: 3, timeoutS: 1 }],
  ['busybox-ping', 'host-unreachable', { kind: 'ping', tool: 'busybox-ping', host: '10.244.0.200', count: 5 }],
  ['iputils-ping', 'podnet-ok', { kind: 'ping', tool: 'iputils-ping', host: '10.244.1.2', count: 5, intervalS: 0.2, timeoutS: 1 }],
  ['iputils-ping', 'loss-100-O', { kind: 'ping', tool: 'iputils-ping', host: '10.244.0.4', count: 3, timeoutS: 1 }],
  ['busybox-wget', 'podnet-ok', { kind: 'http', tool: 'busybox-wget', host: '10.244.0.4', port: 80, timeoutS: 1 }],
  ['busybox-wget', 'podnet-not-found', { kind: 'http', tool: 'busybox-wget', host: '10.244.1.2', port: 8080, path: '/nope', timeoutS: 1 }],
  ['busybox-wget', 'podnet-refused', { kind: 'http', tool: 'busybox-wget', host: '10.244.0.4', port: 81, timeoutS: 1 }],
  ['busybox-wget', 'podnet-timeout', { kind: 'http', tool: 'busybox-wget', host: '10.244.1.200', port: 80, timeoutS: 1 }],
  ['busybox-wget', 'podnet-bytes', { kind: 'http', tool: 'busybox-wget', host: '10.244.1.2', port: 8080, path: '/bytes/4096', timeoutS: 1 }],
  ['curl', 'podnet-ok', { kind: 'http', tool: 'curl', host: '10.244.1.2', port: 8080, timeoutS: 1 }],
  ['curl', 'podnet-not-found', { kind: 'http', tool: 'curl', host: '10.244.1.2', port: 8080, path: '/nope', timeoutS: 1 }],
  ['curl', 'podnet-timeout', { kind: 'http', tool: 'curl', host: '10.244.1.200', port: 80, timeoutS: 1 }],
  ['curl', 'podnet-bytes', { kind: 'http', tool: 'curl', host: '10.244.1.2', port: 8080, path: '/bytes/4096', timeoutS: 1 }],
  ['busybox-nc', 'podnet-open', { kind: 'tcp', tool: 'busybox-nc', host: '10.244.1.3', port: 5432, timeoutS: 1 }],
  ['busybox-nc', 'podnet-refused', { kind: 'tcp', tool: 'busybox-nc', host: '10.244.1.3', port: 5433, timeoutS: 1 }],
  ['busybox-nc', 'timeout-vv', { kind: 'tcp', tool: 'busybox-nc', host: '10.244.1.200', port: 5432, timeoutS: 1 }],
  ['nc-openbsd', 'podnet-open', { kind: 'tcp', tool: 'nc-openbsd', host: '10.244.1.3', port: 5432, timeoutS: 1 }],
  ['nc-openbsd', 'podnet-refused', { kind: 'tcp', tool: 'nc-openbsd', host: '10.244.1.3', port: 5433, timeoutS: 1 }],
  ['nc-openbsd', 'timeout', { kind: 'tcp', tool: 'nc-openbsd', host: '10.244.1.200', port: 5432, timeoutS: 1 }],
  ['busybox-telnet', 'podnet-open', { kind: 'tcp', tool: 'busybox-telnet', host: '10.244.1.3', port: 5432, timeoutS: 2 }],
  ['busybox-telnet', 'podnet-refused', { kind: 'tcp', tool: 'busybox-telnet', host: '10.244.1.3', port: 5433, timeoutS: 2 }],
  ['busybox-telnet', 'timeout', { kind: 'tcp', tool: 'busybox-telnet', host: '10.244.1.200', port: 5432, timeoutS: 2 }],
  ['curl-tcp', 'open', { kind: 'tcp', tool: 'curl-tcp', host: '10.244.1.3', port: 5432, timeoutS: 1 }],
  ['curl-tcp', 'refused', { kind: 'tcp', tool: 'curl-tcp', host: '10.244.1.3', port: 5433, timeoutS: 1 }],
  ['curl-tcp', 'timeout', { kind: 'tcp', tool: 'curl-tcp', host: '10.244.1.200', port: 5432, timeoutS: 1 }],
  ['busybox-nslookup', 'service', { kind: 'dns', tool: 'busybox-nslookup', name: 'backend' }],
  ['busybox-nslookup', 'ptr-service', { kind: 'dns', tool: 'busybox-nslookup', name: '10.96.0.11' }],
];

describe('buildArgv reproduces the captured commands', () => {
  for (const [tool, name, spec] of CAPTURED) {
    it(`${tool}/${name}`, () => {
      expect(buildArgv(spec)).toEqual(loadFixture(tool, name).argv);
    });
  }
});

describe('argv builders', () => {
  it('builds ping for each tool, -i only when it differs from the default', () => {
    expect(pingArgv('busybox-ping', 'h', 3)).toEqual(['ping', '-c', '3', '-W', '1', 'h']);
    expect(pingArgv('iputils-ping', 'h', 40, 0.05, 2)).toEqual(['ping', '-O', '-c', '40', '-i', '0.05', '-W', '2', 'h']);
    // busybox takes whole seconds only; a fraction rounds up rather than failing in the pod.
    expect(pingArgv('busybox-ping', 'h', 1, 1, 0.3)).toEqual(['ping', '-c', '1', '-W', '1', 'h']);
  });

  it('builds http, wget with -S for the status and curl with the one timing format', () => {
    expect(httpArgv('busybox-wget', 'http://h:80/', 5)).toEqual(['wget', '-S', '-O-', '-T', '5', 'http://h:80/']);
    expect(httpArgv('curl', 'http://h:80/', 3)).toEqual(['curl', '-sS', '--connect-timeout', '3', '-m', '6', '-w', CURL_WRITE_OUT, 'http://h:80/']);
    expect(CURL_WRITE_OUT).toContain('%{http_code}');
    expect(CURL_WRITE_OUT.startsWith('\\n')).toBe(true);
  });

  it('builds tcp probes bounded by a timeout', () => {
    expect(tcpArgv('busybox-nc', 'h', 1)).toEqual(['nc', '-zvv', '-w', '5', 'h', '1']);
    expect(tcpArgv('busybox-telnet', 'h', 1, 3)).toEqual(['timeout', '3', 'telnet', 'h', '1']);
    expect(tcpArgv('curl-tcp', 'fd00::1', 22, 1).at(-1)).toBe('telnet://[fd00::1]:22');
  });

  it('makes URLs, bracketing IPv6 and refusing paths that would break the request line', () => {
    expect(httpUrl('10.0.0.1', 8080)).toBe('http://10.0.0.1:8080/');
    expect(httpUrl('backend.default.svc.cluster.local', 80, '/api/users?x=1')).toBe('http://backend.default.svc.cluster.local:80/api/users?x=1');
    expect(httpUrl('fd00::1', 80, '/')).toBe('http://[fd00::1]:80/');
    for (const bad of ['nope', '/a b', '/a\nb', '/\x1b[2J']) expect(() => httpUrl('h', 80, bad)).toThrow(ProbeArgError);
  });

  it('refuses hosts that could pass for options or carry anything but a name or address', () => {
    for (const ok of ['10.244.0.4', 'backend', 'db.default.svc.cluster.local', 'fd00::1', 'a-b_c']) expect(checkHost(ok)).toBe(ok);
    for (const bad of ['', '-c', '--help', 'a b', 'a;rm -rf /', '$(id)', 'h\n', 'http://x']) expect(() => checkHost(bad)).toThrow(ProbeArgError);
  });

  it('refuses ports, counts and timeouts that make no sense', () => {
    expect(() => tcpArgv('nc-openbsd', 'h', 0)).toThrow(ProbeArgError);
    expect(() => tcpArgv('nc-openbsd', 'h', 65536)).toThrow(ProbeArgError);
    expect(() => tcpArgv('nc-openbsd', 'h', 1.5)).toThrow(ProbeArgError);
    expect(() => pingArgv('busybox-ping', 'h', 0)).toThrow(ProbeArgError);
    expect(() => pingArgv('busybox-ping', 'h', 1, -1)).toThrow(ProbeArgError);
    expect(() => tcpArgv('busybox-nc', 'h', 80, Number.NaN)).toThrow(ProbeArgError);
  });
});
