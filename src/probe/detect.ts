// Which probe tools a container has, from one exec of a fixed script (no cluster data in it), and
// which tool each kind then uses. Pure: the exec lives in detectRun.ts.
import { TOOLS_FOR_KIND } from './argv.js';
import type { ProbeKind, ToolId } from './types.js';

/**
 * Lists the commands it finds, then the first lines each ambiguous one prints about itself
 * (busybox names itself in its usage text, iputils in `ping -V`, OpenBSD netcat in `nc -h`).
 * Only sh builtins besides the tools themselves: minimal images may lack head or grep.
 */
export const DETECT_SCRIPT = [
  'for t in sh ping curl wget nc telnet nslookup iperf3 timeout kill; do',
  '  p=$(command -v "$t" 2>/dev/null) || continue',
  '  echo "podnet-has $t $p"',
  'done',
  'for t in ping nc wget; do',
  '  command -v "$t" >/dev/null 2>&1 || continue',
  '  case $t in ping) f=-V;; nc) f=-h;; *) f=--help;; esac',
  '  echo "podnet-about $t"',
  '  "$t" $f 2>&1 </dev/null | { n=0; while [ $n -lt 3 ] && IFS= read -r l; do echo "  $l"; n=$((n+1)); done; cat >/dev/null 2>&1; }',
  'done',
  'echo podnet-done',
].join('\n');

export const DETECT_ARGV = ['sh', '-c', DETECT_SCRIPT, 'podnet-detect'];

export type Flavor = 'busybox' | 'iputils' | 'openbsd' | 'other';

export interface DetectedTools {
  /** sh ran the script; false for images without a shell (distroless), where nothing else can run either. */
  shell: boolean;
  ping: Flavor | null;
  curl: boolean;
  wget: Flavor | null;
  nc: Flavor | null;
  telnet: boolean;
  nslookup: boolean;
  iperf3: boolean;
  timeout: boolean;
  kill: boolean;
}

export const NO_TOOLS: DetectedTools = {
  shell: false, ping: null, curl: false, wget: null, nc: null, telnet: false, nslookup: false, iperf3: false, timeout: false, kill: false,
};

/** Reads what DETECT_SCRIPT printed. Throws when the output is cut short (no end marker). */
export function parseDetection(stdout: string): DetectedTools {
  const lines = stdout.split(/\r?\n/);
  if (!lines.includes('podnet-done')) throw new Error('tool detection was cut off before it finished');
  const has = new Set<string>();
  const about = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of lines) {
    const m = /^podnet-has (\S+) /.exec(line);
    if (m) has.add(m[1]!);
    const a = /^podnet-about (\S+)$/.exec(line);
    if (a) about.set(a[1]!, (current = []));
    else if (line.startsWith('  ')) current?.push(line.slice(2));
    else current = null;
  }
  const flavor = (tool: string): Flavor | null => {
    if (!has.has(tool)) return null;
    const text = (about.get(tool) ?? []).join('\n');
    if (/BusyBox v/.test(text)) return 'busybox';
    if (/iputils/.test(text)) return 'iputils';
    if (/OpenBSD netcat/.test(text)) return 'openbsd';
    return 'other';
  };
  return {
    shell: true,
    ping: flavor('ping'),
    curl: has.has('curl'),
    wget: flavor('wget'),
    nc: flavor('nc'),
    telnet: has.has('telnet'),
    nslookup: has.has('nslookup'),
    iperf3: has.has('iperf3'),
    timeout: has.has('timeout'),
    kill: has.has('kill'),
  };
}

/** Whether the container can run this tool with the argv argv.ts builds for it. */
export function hasTool(t: DetectedTools, tool: ToolId): boolean {
  switch (tool) {
    case 'iputils-ping':
      return t.ping === 'iputils';
    // Other pings (inetutils) print busybox-like lines; iputils-only flags are what we avoid.
    case 'busybox-ping':
      return t.ping === 'busybox' || t.ping === 'other';
    case 'curl':
    case 'curl-tcp':
      return t.curl;
    case 'busybox-wget':
      return t.wget === 'busybox';
    case 'nc-openbsd':
      return t.nc === 'openbsd';
    case 'busybox-nc':
      return t.nc === 'busybox';
    // telnet has no timeout of its own: without `timeout` it could hang on a silent port.
    case 'busybox-telnet':
      return t.telnet && t.timeout;
    case 'busybox-nslookup':
      return t.nslookup;
  }
}

export type ToolChoice =
  | { kind: ProbeKind; tool: ToolId; note?: string }
  | { kind: null; tool: null; note: string };

/**
 * The best tool for a kind; without ping, a TCP connect stands in (and says so). `kind` is what
 * actually runs, which differs from the asked kind only for that fallback.
 */
export function chooseTool(t: DetectedTools, kind: ProbeKind): ToolChoice {
  if (!t.shell) return { kind: null, tool: null, note: 'the container has no shell and no tools (a distroless image?)' };
  const tool = TOOLS_FOR_KIND[kind].find((id) => hasTool(t, id));
  if (tool) return { kind, tool };
  if (kind === 'ping') {
    const tcp = TOOLS_FOR_KIND.tcp.find((id) => hasTool(t, id));
    if (tcp) return { kind: 'tcp', tool: tcp, note: `no ping in the container: a TCP connect with ${labelOf(tcp)} instead` };
  }
  return { kind: null, tool: null, note: `the container has no ${missingText(kind)}` };
}

function labelOf(tool: ToolId): string {
  return tool === 'curl-tcp' ? 'curl' : tool.replace(/^busybox-/, 'busybox ').replace('nc-openbsd', 'nc');
}

function missingText(kind: ProbeKind): string {
  switch (kind) {
    case 'ping':
      return 'ping, nc, telnet or curl';
    case 'http':
      return 'curl or busybox wget';
    case 'tcp':
      return 'nc, telnet (with timeout) or curl';
    case 'dns':
      return 'nslookup';
  }
}
