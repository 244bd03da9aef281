// The probe layer's public face: argv builders, streaming parsers and stats, all pure.
import type { ProbeSpec } from './argv.js';
import { createDnsParser, type DnsEvent } from './dns.js';
import { createHttpParser, type HttpEvent } from './http.js';
import { createPingParser, type PingEvent } from './ping.js';
import { createTcpParser, type TcpEvent } from './tcp.js';
import type { DnsResult, HttpResult, PingResult, StreamParser, TcpResult } from './types.js';

export * from './types.js';
export { buildArgv, checkHost, dnsArgv, httpArgv, httpUrl, pingArgv, tcpArgv, CURL_WRITE_OUT, CURL_MARKER, DEFAULT_TIMEOUT_S, ProbeArgError, TOOLS_FOR_KIND } from './argv.js';
export type { ProbeSpec } from './argv.js';
export { createPingParser, type PingEvent } from './ping.js';
export { createHttpParser, type HttpEvent } from './http.js';
export { createTcpParser, classifyFailure, type TcpEvent } from './tcp.js';
export { createDnsParser, type DnsEvent } from './dns.js';
export { lossPct, percentile, roundMs, rttStats } from './stats.js';
export { cleanTitle, TitleFinder } from './title.js';
export { LineSplitter, StreamLines } from './lines.js';
export { chooseTool, hasTool, parseDetection, DETECT_ARGV, NO_TOOLS, type DetectedTools, type ToolChoice } from './detect.js';
export { createIperfParser, iperfErrorText, type IperfEvent, type IperfRole } from './iperf.js';
export { iperfClientArgv, iperfServerArgv, IPERF_DEFAULT_DURATION_S, IPERF_DEFAULT_PORT } from './iperfArgv.js';
export { csvCell, historyEntry, historyToCsv, historyToJson, CSV_COLUMNS, type EndpointJson, type HistoryEntry as ProbeHistoryEntry } from './history.js';
export { probeJson, type ProbeJson } from './runReport.js';

export type ProbeEvent = PingEvent | HttpEvent | TcpEvent | DnsEvent;
export type ProbeResult = PingResult | HttpResult | TcpResult | DnsResult;

/** The parser that reads what buildArgv(spec) prints. */
export function parserFor(spec: ProbeSpec): StreamParser<ProbeEvent, ProbeResult> {
  switch (spec.kind) {
    case 'ping':
      return createPingParser(spec.tool);
    case 'http':
      return createHttpParser(spec.tool);
    case 'tcp':
      return createTcpParser(spec.tool, spec.port);
    case 'dns':
      return createDnsParser(spec.tool, spec.name);
  }
}
