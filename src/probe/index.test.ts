import { describe, expect, it } from 'vitest';
import { loadFixture, parseAllSplits } from '../../test/fixtures/probe/load.js';
import { buildArgv, parserFor, type ProbeSpec } from './index.js';

// Builder and parser meet here: the argv that was run, and the parser chosen for the same spec.
const CASES: [string, string, ProbeSpec, Record<string, unknown>][] = [
  ['iputils-ping', 'podnet-ok', { kind: 'ping', tool: 'iputils-ping', host: '10.244.1.2', count: 5, intervalS: 0.2, timeoutS: 1 }, { ok: true, sent: 5, received: 5, lossPct: 0, tool: 'iputils ping' }],
  ['busybox-wget', 'podnet-ok', { kind: 'http', tool: 'busybox-wget', host: '10.244.0.4', port: 80, timeoutS: 1 }, { ok: true, status: 200, bytes: 615, title: 'Welcome to nginx!' }],
  ['curl', 'podnet-not-found', { kind: 'http', tool: 'curl', host: '10.244.1.2', port: 8080, path: '/nope', timeoutS: 1 }, { ok: false, status: 404, error: 'HTTP 404' }],
  ['busybox-nc', 'podnet-refused', { kind: 'tcp', tool: 'busybox-nc', host: '10.244.1.3', port: 5433, timeoutS: 1 }, { ok: false, port: 5433, open: false, state: 'refused' }],
  ['curl-tcp', 'open', { kind: 'tcp', tool: 'curl-tcp', host: '10.244.1.3', port: 5432, timeoutS: 1 }, { ok: true, port: 5432, open: true, connectMs: 0.273 }],
  ['busybox-nslookup', 'service', { kind: 'dns', tool: 'busybox-nslookup', name: 'backend' }, { ok: true, query: 'backend', answers: ['10.96.0.11'] }],
];

describe('parserFor', () => {
  for (const [tool, name, spec, want] of CASES) {
    it(`reads what buildArgv ran for ${tool}/${name}`, () => {
      const fx = loadFixture(tool, name);
      expect(buildArgv(spec)).toEqual(fx.argv);
      expect(parseAllSplits(fx, () => parserFor(spec)).result).toMatchObject(want);
    });
  }
});
