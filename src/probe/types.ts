// Shapes shared by the argv builders, the parsers and (later) the runner and `probe --json`.
// Field names follow DESIGN.md's `probe --json` contract so a result can be copied into it as is.

export type ProbeKind = 'ping' | 'http' | 'tcp' | 'dns';

/** The real binary a probe runs; the same kind needs different flags and parsing per tool. */
export type ToolId =
  | 'busybox-ping'
  | 'iputils-ping'
  | 'busybox-wget'
  | 'curl'
  | 'busybox-nc'
  | 'nc-openbsd'
  | 'busybox-telnet'
  | 'curl-tcp'
  | 'busybox-nslookup';

/** The `tool` string of `probe --json`. */
export type PingTool = 'busybox-ping' | 'iputils-ping';
export type HttpTool = 'busybox-wget' | 'curl';
export type TcpTool = 'busybox-nc' | 'nc-openbsd' | 'busybox-telnet' | 'curl-tcp';
export type DnsTool = 'busybox-nslookup';

export const TOOL_LABEL: Record<ToolId, string> = {
  'busybox-ping': 'busybox ping',
  'iputils-ping': 'iputils ping',
  'busybox-wget': 'busybox wget',
  curl: 'curl',
  'busybox-nc': 'busybox nc',
  'nc-openbsd': 'nc (openbsd)',
  'busybox-telnet': 'busybox telnet',
  'curl-tcp': 'curl telnet://',
  'busybox-nslookup': 'busybox nslookup',
};

export const TOOL_KIND: Record<ToolId, ProbeKind> = {
  'busybox-ping': 'ping',
  'iputils-ping': 'ping',
  'busybox-wget': 'http',
  curl: 'http',
  'busybox-nc': 'tcp',
  'nc-openbsd': 'tcp',
  'busybox-telnet': 'tcp',
  'curl-tcp': 'tcp',
  'busybox-nslookup': 'dns',
};

export type StreamName = 'stdout' | 'stderr';

/**
 * Every parser has this shape: exec output arrives in chunks split anywhere (even inside a UTF-8
 * character), events come out as lines complete, and end() settles the result once the exit code
 * is known (null when the command was cut off or the exit status never arrived).
 */
export interface StreamParser<E, R> {
  feed(chunk: string | Uint8Array, stream?: StreamName): E[];
  end(exitCode?: number | null): { events: E[]; result: R };
}

export interface RttStats {
  min: number;
  avg: number;
  max: number;
  /** Population standard deviation, as iputils prints it. */
  mdev: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface PingReply {
  seq: number;
  ttl: number;
  rttMs: number;
}

export interface PingResult {
  ok: boolean;
  tool: string;
  sent: number;
  received: number;
  lossPct: number;
  rttMs: RttStats | null;
  replies: PingReply[];
  /** Sequence numbers that never got a reply (gaps, trailing losses, ICMP errors). */
  lost: number[];
  /** ICMP errors such as Destination Host Unreachable (iputils prints them, busybox does not). */
  icmpErrors: number;
  /** What the tool itself printed as its summary, kept to cross-check our own arithmetic. */
  toolSummary: { sent: number; received: number; lossPct: number; min?: number; avg?: number; max?: number; mdev?: number } | null;
  error: string | null;
}

export interface HttpResult {
  ok: boolean;
  tool: string;
  status: number | null;
  connectMs: number | null;
  firstByteMs: number | null;
  totalMs: number | null;
  bytes: number | null;
  title: string | null;
  error: string | null;
}

export type TcpState = 'open' | 'refused' | 'timeout' | 'unreachable' | 'error';

export interface TcpResult {
  ok: boolean;
  tool: string;
  port: number;
  open: boolean;
  state: TcpState;
  connectMs: number | null;
  error: string | null;
}

export interface DnsRecord {
  name: string;
  type: 'A' | 'AAAA' | 'PTR' | 'CNAME';
  data: string;
}

export interface DnsResult {
  ok: boolean;
  tool: string;
  query: string;
  server: string | null;
  /** The `answers` of `probe --json`: addresses for a name, names for a PTR lookup. */
  answers: string[];
  records: DnsRecord[];
  /** Names the resolver gave up on while walking the search path, with the server's rcode. */
  failures: { name: string; rcode: string }[];
  error: string | null;
}
