import { describe, expect, it } from 'vitest';
import { isLoopback, localUrl, parsePorts, parseTarget } from './parse';

describe('parseTarget', () => {
  it('reads pod/NAME, svc/NAME and a bare pod NAME', () => {
    expect(parseTarget('practice-pod', 'default')).toEqual({ kind: 'pod', namespace: 'default', name: 'practice-pod' });
    expect(parseTarget('pod/db', 'ns1')).toEqual({ kind: 'pod', namespace: 'ns1', name: 'db' });
    expect(parseTarget('svc/backend', 'default')).toEqual({ kind: 'service', namespace: 'default', name: 'backend' });
    expect(parseTarget('service/backend', 'default').kind).toBe('service');
  });
  it('refuses other kinds and invalid names in one sentence', () => {
    expect(() => parseTarget('deployment/web', 'default')).toThrow(/give pod\/NAME, svc\/NAME or a pod's NAME/);
    expect(() => parseTarget('pod/Bad_Name', 'default')).toThrow('"Bad_Name" is not a valid pod name.');
    expect(() => parseTarget('svc/', 'default')).toThrow(/not a valid Service name/);
  });
});

describe('parsePorts', () => {
  it('reads [LOCAL:]REMOTE lists, names and "any free port"', () => {
    expect(parsePorts('8080:80,9090:9090')).toEqual([{ local: 8080, remote: 80 }, { local: 9090, remote: 9090 }]);
    expect(parsePorts('80')).toEqual([{ local: null, remote: 80 }]);
    expect(parsePorts(':80')).toEqual([{ local: 0, remote: 80 }]);
    expect(parsePorts('0:80')).toEqual([{ local: 0, remote: 80 }]);
    expect(parsePorts('8080:http')).toEqual([{ local: 8080, remote: 'http' }]);
    expect(parsePorts('dns-tcp')).toEqual([{ local: null, remote: 'dns-tcp' }]);
  });
  it('refuses bad numbers, bad names and empty items', () => {
    expect(() => parsePorts('70000')).toThrow('70000 is out of range for a remote port: give a number from 1 to 65535.');
    expect(() => parsePorts('8080:0')).toThrow(/out of range for a remote port/);
    expect(() => parsePorts('99999:80')).toThrow(/out of range for a local port/);
    expect(() => parsePorts('80,,81')).toThrow(/not a port list/);
    expect(() => parsePorts('1:2:3')).toThrow(/not a port mapping/);
    expect(() => parsePorts('HTTP')).toThrow('"HTTP" is neither a port number nor a port name.');
    expect(() => parsePorts('x:80')).toThrow(/"x" is not a local port/);
  });
});

describe('addresses', () => {
  it('knows loopback and writes URLs', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.1.2.3')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.5')).toBe(false);
    expect(localUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
    expect(localUrl('::1', 8080)).toBe('http://[::1]:8080');
  });
});
