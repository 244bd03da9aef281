import { CURL_MARKER } from './argv.js';
import { lineParser, utf8Length } from './lines.js';
import { roundMs } from './stats.js';
import { TitleFinder } from './title.js';
import { TOOL_LABEL, type HttpResult, type HttpTool, type StreamParser } from './types.js';

export type HttpEvent =
  /** busybox wget names the address it connects to (a Service name shows its ClusterIP here). */
  | { type: 'connecting'; host: string; address: string }
  | { type: 'status'; status: number; reason: string }
  | { type: 'header'; name: string; value: string }
  | { type: 'title'; title: string }
  | { type: 'timing'; status: number | null; connectMs: number | null; firstByteMs: number | null; totalMs: number; bytes: number }
  | { type: 'error'; message: string };

// busybox wget -S, all on stderr: "Connecting to backend:8080 (10.96.0.11:8080)", then the status
// line and headers indented by two spaces, then a progress line whose byte count is final.
const CONNECTING = /^Connecting to (\S+) \((\S+)\)$/;
const STATUS = /^ {2}HTTP\/[\d.]+ (\d{3}) ?(.*)$/;
const HEADER = /^ {2}([!#$%&'*+.^_`|~0-9A-Za-z-]+): ?(.*)$/;
const PROGRESS = /^\S+\s+\d+% \|[* ]*\|\s+(\d+)([kMGT]?)\s/;
const SERVER_ERROR = /^wget: server returned error: HTTP\/[\d.]+ (\d{3}) ?(.*)$/;
const UNITS: Record<string, number> = { '': 1, k: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

const secondsToMs = (s: string | undefined) => (s === undefined ? null : roundMs(Number(s) * 1000));

export function createHttpParser(tool: HttpTool): StreamParser<HttpEvent, HttpResult> {
  const titles = new TitleFinder();
  let status: number | null = null;
  let reason = '';
  let bodyBytes = 0;
  let progressBytes: number | null = null;
  let timing: Extract<HttpEvent, { type: 'timing' }> | null = null;
  let toolError: string | null = null;

  function bodyLine(line: string): HttpEvent[] {
    const title = titles.push(line);
    return title === null ? [] : [{ type: 'title', title }];
  }

  function curlStdout(line: string): HttpEvent[] {
    if (line.startsWith(CURL_MARKER)) {
      const f = Object.fromEntries(line.slice(CURL_MARKER.length).split(' ').map((kv) => kv.split('=') as [string, string]));
      const code = Number(f.http_code);
      // curl reports 000 and zero times for the phases it never reached.
      status = code > 0 ? code : null;
      const connectMs = secondsToMs(f.time_connect);
      const firstByteMs = secondsToMs(f.time_starttransfer);
      timing = {
        type: 'timing',
        status,
        connectMs: connectMs || null,
        firstByteMs: firstByteMs || null,
        totalMs: secondsToMs(f.time_total) ?? 0,
        bytes: Number(f.size_download ?? 0),
      };
      return [timing];
    }
    return bodyLine(line);
  }

  function wgetStderr(line: string): HttpEvent[] {
    let m = STATUS.exec(line);
    if (m) {
      // With redirects wget prints one status per hop; the last one is the answer.
      status = Number(m[1]);
      reason = m[2]!;
      return [{ type: 'status', status, reason }];
    }
    if ((m = HEADER.exec(line))) return [{ type: 'header', name: m[1]!, value: m[2]! }];
    if ((m = CONNECTING.exec(line))) return [{ type: 'connecting', host: m[1]!, address: m[2]! }];
    if ((m = PROGRESS.exec(line))) {
      progressBytes = Number(m[1]) * UNITS[m[2]!]!;
      return [];
    }
    if ((m = SERVER_ERROR.exec(line))) {
      status = Number(m[1]);
      reason = m[2]!;
      toolError ??= `HTTP ${status} ${reason}`.trim();
      return [{ type: 'error', message: line }];
    }
    if (line.startsWith('wget: ')) {
      toolError ??= line.slice('wget: '.length);
      return [{ type: 'error', message: line }];
    }
    return [];
  }

  function onLine(line: string, stream: 'stdout' | 'stderr'): HttpEvent[] {
    if (stream === 'stdout') return tool === 'curl' ? curlStdout(line) : bodyLine(line);
    if (tool === 'busybox-wget') return wgetStderr(line);
    const m = /^curl: \(\d+\) (.*)$/.exec(line);
    if (!m) return [];
    toolError ??= m[1]!;
    return [{ type: 'error', message: line }];
  }

  function onChunk(chunk: string | Uint8Array, stream: 'stdout' | 'stderr'): void {
    if (stream === 'stdout') bodyBytes += typeof chunk === 'string' ? utf8Length(chunk) : chunk.length;
  }

  function finish(exitCode: number | null): { events: HttpEvent[]; result: HttpResult } {
    const t = timing;
    let error = toolError;
    if (error === null && status !== null && status >= 400) error = `HTTP ${status}${reason ? ` ${reason}` : ''}`;
    if (error === null && exitCode !== 0) {
      error = exitCode === null ? `${tool === 'curl' ? 'curl' : 'wget'} was cut off before it finished` : `exited with code ${exitCode}`;
    }
    const bytes = t ? t.bytes : bodyBytes > 0 ? bodyBytes : progressBytes;
    const result: HttpResult = {
      ok: error === null,
      tool: TOOL_LABEL[tool],
      status,
      connectMs: t?.connectMs ?? null,
      firstByteMs: t?.firstByteMs ?? null,
      totalMs: t?.totalMs ?? null,
      bytes: bytes ?? (exitCode === 0 ? 0 : null),
      title: titles.title,
      error,
    };
    return { events: [], result };
  }

  return lineParser({ onLine, finish, onChunk });
}
