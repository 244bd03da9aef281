// Tool detection against the real output of DETECT_SCRIPT in lab pods (test/fixtures/probe/detect).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseTool, DETECT_ARGV, hasTool, NO_TOOLS, parseDetection } from './detect.js';
import { exitCodeOf, ExecError } from '../kube/exec.js';

const DIR = join(__dirname, '../../test/fixtures/probe/detect');
const stdout = (name: string) => readFileSync(join(DIR, `${name}.stdout.txt`), 'utf8');
const meta = (name: string) => JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as { argv: string[]; exitCode: number };

describe('the captured fixtures ran the script podnet runs', () => {
  it.each(['client-pod', 'practice-pod', 'debug-container', 'distroless-app'])('%s', (name) => {
    expect(meta(name).argv).toEqual(DETECT_ARGV);
  });
});

describe('parseDetection', () => {
  it('busybox image: busybox ping, wget and nc, telnet with timeout, nslookup; no curl', () => {
    expect(parseDetection(stdout('client-pod'))).toEqual({
      shell: true, ping: 'busybox', curl: false, wget: 'busybox', nc: 'busybox', telnet: true, nslookup: true, iperf3: false, timeout: true, kill: true,
    });
  });

  it('nginx image: curl only', () => {
    expect(parseDetection(stdout('practice-pod'))).toEqual({ ...NO_TOOLS, shell: true, curl: true, kill: true });
  });

  it('debug container: iputils ping, OpenBSD nc, curl, iperf3', () => {
    expect(parseDetection(stdout('debug-container'))).toMatchObject({ ping: 'iputils', nc: 'openbsd', curl: true, wget: 'busybox', iperf3: true, nslookup: true });
  });

  it('refuses output cut off before the end marker', () => {
    const text = stdout('client-pod');
    expect(() => parseDetection(text.slice(0, text.indexOf('podnet-done')))).toThrow(/cut off/);
  });

  it('an unknown ping is not taken for iputils', () => {
    const text = stdout('debug-container').replace('ping from iputils 20221126', 'ping (GNU inetutils) 2.0');
    const t = parseDetection(text);
    expect(t.ping).toBe('other');
    expect(hasTool(t, 'iputils-ping')).toBe(false);
  });
});

describe('distroless: the exec itself fails', () => {
  it('the runtime\'s answer (as kubectl printed it) is "no such binary", which means no tools', () => {
    const stderr = readFileSync(join(DIR, 'distroless-app.stderr.txt'), 'utf8');
    const line = stderr.split('\n').find((l) => l.startsWith('error: '))!;
    // kubectl prints the Status message after "error: "; exec.ts reads the same message from the Status.
    const message = line.slice('error: '.length);
    expect(() => exitCodeOf({ status: 'Failure', reason: 'InternalError', code: 500, message })).toThrow(ExecError);
    try {
      exitCodeOf({ status: 'Failure', reason: 'InternalError', code: 500, message }, 'pod default/distroless-app');
    } catch (e) {
      expect((e as ExecError).kind).toBe('no-such-binary');
      expect((e as ExecError).message).toBe('Cannot run sh in pod default/distroless-app: the image has no such command.');
    }
    expect(chooseTool(NO_TOOLS, 'ping')).toEqual({ kind: null, tool: null, note: 'the container has no shell and no tools (a distroless image?)' });
  });
});

describe('chooseTool', () => {
  const busybox = parseDetection(stdout('client-pod'));
  const nginx = parseDetection(stdout('practice-pod'));
  const debug = parseDetection(stdout('debug-container'));

  it('prefers the richer tool', () => {
    expect(chooseTool(debug, 'ping')).toEqual({ kind: 'ping', tool: 'iputils-ping' });
    expect(chooseTool(debug, 'http')).toEqual({ kind: 'http', tool: 'curl' });
    expect(chooseTool(debug, 'tcp')).toEqual({ kind: 'tcp', tool: 'nc-openbsd' });
    expect(chooseTool(busybox, 'ping')).toEqual({ kind: 'ping', tool: 'busybox-ping' });
    expect(chooseTool(busybox, 'http')).toEqual({ kind: 'http', tool: 'busybox-wget' });
    expect(chooseTool(busybox, 'tcp')).toEqual({ kind: 'tcp', tool: 'busybox-nc' });
    expect(chooseTool(busybox, 'dns')).toEqual({ kind: 'dns', tool: 'busybox-nslookup' });
  });

  it('no ping: a TCP connect, with a note', () => {
    expect(chooseTool(nginx, 'ping')).toEqual({ kind: 'tcp', tool: 'curl-tcp', note: 'no ping in the container: a TCP connect with curl instead' });
  });

  it('no nc: telnet (only with timeout), then curl telnet://', () => {
    const noNc = { ...busybox, nc: null };
    expect(chooseTool(noNc, 'tcp').tool).toBe('busybox-telnet');
    expect(chooseTool({ ...noNc, timeout: false }, 'tcp')).toMatchObject({ tool: null });
    expect(chooseTool({ ...noNc, timeout: false, curl: true }, 'tcp').tool).toBe('curl-tcp');
  });

  it('no curl: busybox wget; neither: nothing, and says what is missing', () => {
    expect(chooseTool({ ...debug, curl: false }, 'http').tool).toBe('busybox-wget');
    expect(chooseTool(nginx, 'dns')).toEqual({ kind: null, tool: null, note: 'the container has no nslookup' });
    expect(chooseTool({ ...nginx, curl: false }, 'http')).toEqual({ kind: null, tool: null, note: 'the container has no curl or busybox wget' });
  });
});
