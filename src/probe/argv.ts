// argv for every probe. Hosts, ports and paths come from the cluster, so they only ever travel as
// separate argv entries (never through a shell), and are checked so none can pose as an option.
import type { DnsTool, HttpTool, PingTool, TcpTool, ToolId } from './types.js';

export type ProbeSpec =
  | { kind: 'ping'; tool: PingTool; host: string; count: number; intervalS?: number; timeoutS?: number }
  | { kind: 'http'; tool: HttpTool; host: string; port: number; path?: string; timeoutS?: number; maxTimeS?: number }
  | { kind: 'tcp'; tool: TcpTool; host: string; port: number; timeoutS?: number }
  | { kind: 'dns'; tool: DnsTool; name: string };

/**
 * curl's -w format. It starts with a newline so the line stays separable when the body comes
 * first on stdout, and carries a marker so a body line can never be mistaken for it.
 * curl itself turns the two-character "\n" sequences into newlines.
 */
export const CURL_WRITE_OUT =
  '\\npodnet-curl http_code=%{http_code} time_connect=%{time_connect} time_starttransfer=%{time_starttransfer} time_total=%{time_total} size_download=%{size_download}\\n';
export const CURL_MARKER = 'podnet-curl ';

export const DEFAULT_TIMEOUT_S = 5;

export class ProbeArgError extends Error {}

// IPv4, IPv6 and DNS names (Kubernetes names are a subset); a leading '-' would read as an option.
const HOST = /^[A-Za-z0-9_.:]([A-Za-z0-9_.:-]*)$/;

export function checkHost(host: string): string {
  if (!HOST.test(host)) throw new ProbeArgError(`not a host name or IP address: ${JSON.stringify(host)}`);
  return host;
}

function checkPort(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ProbeArgError(`not a TCP port: ${port}`);
  return String(port);
}

function positive(name: string, n: number): number {
  if (!Number.isFinite(n) || n <= 0) throw new ProbeArgError(`${name} must be a positive number, got ${n}`);
  return n;
}

/** Whole seconds, at least 1: busybox rejects fractions for -W, -w and -T. */
function wholeSeconds(name: string, s: number): string {
  return String(Math.max(1, Math.ceil(positive(name, s))));
}

export function httpUrl(host: string, port: number, path = '/'): string {
  checkHost(host);
  // The path lands in one argv entry, but a space or control byte would still corrupt the request line.
  if (!path.startsWith('/') || /[\x00-\x20\x7f]/.test(path)) throw new ProbeArgError(`not a URL path: ${JSON.stringify(path)}`);
  const h = host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${checkPort(port)}${path}`;
}

export function pingArgv(tool: PingTool, host: string, count: number, intervalS = 1, timeoutS = 1): string[] {
  if (!Number.isInteger(count) || count < 1) throw new ProbeArgError(`count must be a whole number >= 1, got ${count}`);
  const interval = positive('interval', intervalS) === 1 ? [] : ['-i', String(intervalS)];
  // -O makes iputils report each missing reply as it happens; busybox has no such flag, so its
  // losses are inferred from sequence gaps. Neither gets -w: with -c, iputils' -w means "keep
  // sending until COUNT replies", which turns a lossy ping into a longer one.
  const report = tool === 'iputils-ping' ? ['-O'] : [];
  return ['ping', ...report, '-c', String(count), ...interval, '-W', wholeSeconds('timeout', timeoutS), checkHost(host)];
}

export function httpArgv(tool: HttpTool, url: string, timeoutS = DEFAULT_TIMEOUT_S, maxTimeS = timeoutS * 2): string[] {
  if (tool === 'busybox-wget') {
    // -S puts the status line and headers on stderr while the body (for the title) goes to stdout.
    return ['wget', '-S', '-O-', '-T', wholeSeconds('timeout', timeoutS), url];
  }
  return ['curl', '-sS', '--connect-timeout', String(positive('timeout', timeoutS)), '-m', String(positive('max time', maxTimeS)), '-w', CURL_WRITE_OUT, url];
}

export function tcpArgv(tool: TcpTool, host: string, port: number, timeoutS = DEFAULT_TIMEOUT_S): string[] {
  checkHost(host);
  const p = checkPort(port);
  const t = wholeSeconds('timeout', timeoutS);
  switch (tool) {
    // busybox nc -zv says nothing at all about a refused port; -vv makes it say so.
    case 'busybox-nc':
      return ['nc', '-zvv', '-w', t, host, p];
    case 'nc-openbsd':
      return ['nc', '-zv', '-w', t, host, p];
    // busybox telnet has no timeout of its own; busybox's `timeout` applet bounds it (exit 143).
    case 'busybox-telnet':
      return ['timeout', t, 'telnet', host, p];
    // For images with curl but no nc (nginx): telnet:// connects and then idles until -m, so an
    // open port costs the whole timeout and shows as time_connect > 0 with exit 28.
    case 'curl-tcp': {
      const h = host.includes(':') ? `[${host}]` : host;
      return ['curl', '-sS', '-o', '/dev/null', '--connect-timeout', t, '-m', t, '-w', CURL_WRITE_OUT, `telnet://${h}:${p}`];
    }
  }
}

export function dnsArgv(_tool: DnsTool, name: string): string[] {
  return ['nslookup', checkHost(name)];
}

export function buildArgv(spec: ProbeSpec): string[] {
  switch (spec.kind) {
    case 'ping':
      return pingArgv(spec.tool, spec.host, spec.count, spec.intervalS, spec.timeoutS);
    case 'http':
      return httpArgv(spec.tool, httpUrl(spec.host, spec.port, spec.path), spec.timeoutS, spec.maxTimeS);
    case 'tcp':
      return tcpArgv(spec.tool, spec.host, spec.port, spec.timeoutS);
    case 'dns':
      return dnsArgv(spec.tool, spec.name);
  }
}

/** Tools that can run a kind, best first, so a runner can fall back when an image lacks one. */
export const TOOLS_FOR_KIND: Record<ProbeSpec['kind'], ToolId[]> = {
  ping: ['iputils-ping', 'busybox-ping'],
  http: ['curl', 'busybox-wget'],
  tcp: ['nc-openbsd', 'busybox-nc', 'busybox-telnet', 'curl-tcp'],
  dns: ['busybox-nslookup'],
};
