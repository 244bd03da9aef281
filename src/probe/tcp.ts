import { CURL_MARKER } from './argv.js';
import { lineParser } from './lines.js';
import { roundMs } from './stats.js';
import { TOOL_LABEL, type StreamParser, type TcpResult, type TcpState, type TcpTool } from './types.js';

export type TcpEvent =
  | { type: 'open'; connectMs: number | null }
  | { type: 'failed'; state: Exclude<TcpState, 'open'>; message: string };

// busybox nc:  "10.244.1.3 (10.244.1.3:5432) open"
// nc-openbsd:  "Connection to 10.244.1.3 5432 port [tcp/postgresql] succeeded!"
// telnet:      "Connected to 10.244.1.3" (stdout)
const OPEN = [/^\S+ \(\S+\) open$/, /^Connection to .+ succeeded!$/, /^Connected to \S+$/];
// "nc: 10.244.1.3 (10.244.1.3:5433): Connection refused", "nc: connect to X port 5433 (tcp) failed: ...",
// "telnet: can't connect to remote host (X): Connection refused", "curl: (28) Connection timed out ..."
const FAILURE = /^(?:nc|telnet|curl): (?:\(\d+\) )?(.*)$/;
// What `timeout` exits with when it had to kill the command: busybox 143 (SIGTERM), GNU coreutils 124.
const KILLED_BY_TIMEOUT = new Set([124, 143]);

/** Reads the errno text every tool ends its failure line with. */
export function classifyFailure(message: string): Exclude<TcpState, 'open'> {
  if (/refused/i.test(message)) return 'refused';
  if (/timed out|time-?out/i.test(message)) return 'timeout';
  if (/no route to host|host is unreachable|network is unreachable/i.test(message)) return 'unreachable';
  return 'error';
}

export function createTcpParser(tool: TcpTool, port: number): StreamParser<TcpEvent, TcpResult> {
  let open = false;
  let connectMs: number | null = null;
  let failure: { state: Exclude<TcpState, 'open'>; message: string } | null = null;

  function curlLine(line: string): TcpEvent[] {
    const m = / time_connect=([\d.]+)/.exec(line);
    const seconds = m ? Number(m[1]) : 0;
    // telnet:// never ends by itself, so curl always fails (28) once -m runs out; a non-zero
    // time_connect is what says the handshake completed before that.
    if (seconds <= 0) return [];
    open = true;
    connectMs = roundMs(seconds * 1000);
    return [{ type: 'open', connectMs }];
  }

  function onLine(line: string, stream: 'stdout' | 'stderr'): TcpEvent[] {
    if (tool === 'curl-tcp' && stream === 'stdout' && line.startsWith(CURL_MARKER)) return curlLine(line);
    if (OPEN.some((re) => re.test(line))) {
      open = true;
      return [{ type: 'open', connectMs: null }];
    }
    const m = stream === 'stderr' ? FAILURE.exec(line) : null;
    if (!m || open || failure) return [];
    failure = { state: classifyFailure(m[1]!), message: m[1]! };
    // curl's "(28) Time-out" also follows a successful telnet:// connect, and stderr may overtake
    // the stdout line that proves it: curl's verdict waits for the end.
    return tool === 'curl-tcp' ? [] : [{ type: 'failed', ...failure }];
  }

  function finish(exitCode: number | null): { events: TcpEvent[]; result: TcpResult } {
    const events: TcpEvent[] = [];
    if (!open && failure && tool === 'curl-tcp') events.push({ type: 'failed', ...failure });
    if (!open && !failure) {
      if (exitCode !== null && KILLED_BY_TIMEOUT.has(exitCode) && tool === 'busybox-telnet') {
        failure = { state: 'timeout', message: 'no connection before the timeout' };
      } else if (exitCode === 1 && tool === 'busybox-nc') {
        // busybox nc -z -v exits 1 without a word when the port is refused (only -vv says it).
        failure = { state: 'refused', message: 'Connection refused' };
      } else {
        failure = { state: 'error', message: exitCode === null ? 'cut off before it finished' : `exited with code ${exitCode} without saying why` };
      }
      events.push({ type: 'failed', ...failure });
    }
    const f = failure as { state: Exclude<TcpState, 'open'>; message: string } | null;
    const result: TcpResult = {
      ok: open,
      tool: TOOL_LABEL[tool],
      port,
      open,
      state: open ? 'open' : (f?.state ?? 'error'),
      connectMs,
      error: open ? null : (f?.message ?? null),
    };
    return { events, result };
  }

  return lineParser({ onLine, finish });
}
