import { lineParser } from './lines.js';
import { TOOL_LABEL, type DnsRecord, type DnsResult, type DnsTool, type StreamParser } from './types.js';

export type DnsEvent =
  | { type: 'server'; server: string }
  | { type: 'record'; record: DnsRecord }
  | { type: 'failure'; name: string; rcode: string }
  | { type: 'error'; message: string };

// busybox 1.35 nslookup:
//   Server:		10.96.0.10
//   Address:	10.96.0.10:53          <- the server's address, not an answer
//   Name:	backend.default.svc.cluster.local
//   Address: 10.96.0.11
//   11.0.96.10.in-addr.arpa	name = backend.default.svc.cluster.local
//   ** server can't find backend.cluster.local: NXDOMAIN
const SERVER = /^Server:\s+(\S+)/;
const NAME = /^Name:\s+(\S+)/;
const ADDRESS = /^Address(?: \d+)?:\s+(\S+)/;
const PTR = /^(\S+)\s+name = (\S+)$/;
const CNAME = /^(\S+)\s+canonical name = (\S+)$/;
const CANT_FIND = /^\*\* server can't find (\S+): (\S+)$/;

export function createDnsParser(tool: DnsTool, query: string): StreamParser<DnsEvent, DnsResult> {
  let server: string | null = null;
  let expectServerAddress = false;
  let name: string | null = null;
  const records: DnsRecord[] = [];
  const failures: DnsResult['failures'] = [];
  const stderr: string[] = [];

  function record(r: DnsRecord): DnsEvent[] {
    // busybox asks for A and AAAA in parallel and may print the same answer more than once.
    if (records.some((x) => x.name === r.name && x.type === r.type && x.data === r.data)) return [];
    records.push(r);
    return [{ type: 'record', record: r }];
  }

  function onLine(line: string, stream: 'stdout' | 'stderr'): DnsEvent[] {
    if (stream === 'stderr') {
      if (line.trim() === '') return [];
      stderr.push(line);
      return [{ type: 'error', message: line }];
    }
    let m = SERVER.exec(line);
    if (m) {
      server = m[1]!;
      expectServerAddress = true;
      return [{ type: 'server', server }];
    }
    if ((m = ADDRESS.exec(line))) {
      if (expectServerAddress) {
        expectServerAddress = false;
        return [];
      }
      const data = m[1]!;
      return record({ name: name ?? query, type: data.includes(':') ? 'AAAA' : 'A', data });
    }
    if ((m = NAME.exec(line))) {
      name = m[1]!;
      return [];
    }
    if ((m = PTR.exec(line))) return record({ name: m[1]!, type: 'PTR', data: m[2]! });
    if ((m = CNAME.exec(line))) return record({ name: m[1]!, type: 'CNAME', data: m[2]! });
    if ((m = CANT_FIND.exec(line))) {
      const failure = { name: m[1]!, rcode: m[2]! };
      if (failures.some((f) => f.name === failure.name && f.rcode === failure.rcode)) return [];
      failures.push(failure);
      return [{ type: 'failure', ...failure }];
    }
    return [];
  }

  function finish(exitCode: number | null): { events: DnsEvent[]; result: DnsResult } {
    const answers = [...new Set(records.filter((r) => r.type !== 'CNAME').map((r) => r.data))];
    let error: string | null = null;
    // The exit code is not the verdict: busybox walks the whole search path and exits 1 when the
    // last name it tried failed, even after another one was answered.
    if (answers.length === 0) {
      const rcode = failures.find((f) => f.rcode === 'NXDOMAIN')?.rcode ?? failures[0]?.rcode;
      if (stderr.length > 0) error = stderr[0]!;
      else if (rcode) error = `${query}: ${rcode}`;
      else if (exitCode === null) error = 'nslookup was cut off before it answered';
      else error = `${query}: no records`;
    }
    const result: DnsResult = { ok: answers.length > 0, tool: TOOL_LABEL[tool], query, server, answers, records, failures, error };
    return { events: [], result };
  }

  return lineParser({ onLine, finish });
}
