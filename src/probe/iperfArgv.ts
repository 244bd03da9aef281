// The iperf3 command lines podnet runs in pods: argv arrays only, host and port checked first.
import { checkHost, ProbeArgError } from './argv.js';

export const IPERF_DEFAULT_PORT = 5201;
export const IPERF_DEFAULT_DURATION_S = 5;
/** How long the client may wait for the server's control connection. */
export const IPERF_CONNECT_TIMEOUT_MS = 5000;
/** A server whose client went silent this long gives up (iperf3's default is 120 s). */
export const IPERF_RCV_TIMEOUT_MS = 10_000;

function port(p: number): string {
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw new ProbeArgError(`not a TCP port: ${p}`);
  return String(p);
}

function seconds(name: string, s: number): number {
  if (!Number.isInteger(s) || s < 1 || s > 3600) throw new ProbeArgError(`${name} must be a whole number of seconds from 1 to 3600, got ${s}`);
  return s;
}

/**
 * The client lives at most this long: the test, the connect timeout, and the exchange of results.
 * Closing an exec does not end the command in the pod, so the command bounds itself.
 */
export function clientDeadlineS(durationS: number): number {
  return seconds('duration', durationS) + Math.ceil(IPERF_CONNECT_TIMEOUT_MS / 1000) + 10;
}

/** The server must outlive the client's whole life (it starts first) but nothing more. */
export function serverDeadlineS(durationS: number, startupS = 30): number {
  return clientDeadlineS(durationS) + startupS;
}

/**
 * A one-off server: `-1` ends it after one test, `--idle-timeout` when no client ever comes and
 * `--rcv-timeout` when its client goes silent; `timeout` (busybox) is the hard deadline when the
 * container has it.
 */
export function iperfServerArgv(opts: { port: number; durationS: number; withTimeout: boolean }): string[] {
  const deadline = serverDeadlineS(opts.durationS);
  const argv = ['iperf3', '-s', '-1', '-p', port(opts.port), '--forceflush', '-f', 'm', '--idle-timeout', String(deadline), '--rcv-timeout', String(IPERF_RCV_TIMEOUT_MS)];
  return opts.withTimeout ? ['timeout', String(deadline), ...argv] : argv;
}

export function iperfClientArgv(opts: { host: string; port: number; durationS: number; withTimeout: boolean }): string[] {
  const argv = [
    'iperf3', '-c', checkHost(opts.host), '-p', port(opts.port), '-t', String(seconds('duration', opts.durationS)),
    '-i', '1', '--forceflush', '-f', 'm', '--connect-timeout', String(IPERF_CONNECT_TIMEOUT_MS),
  ];
  return opts.withTimeout ? ['timeout', String(clientDeadlineS(opts.durationS)), ...argv] : argv;
}
