import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFixture, run } from '../../test/fixtures/probe/load.js';
import { createDnsParser } from './dns.js';
import { createHttpParser } from './http.js';
import { createIperfParser } from './iperf.js';
import { createPingParser } from './ping.js';
import { createTcpParser } from './tcp.js';
import { CSV_COLUMNS, csvCell, historyEntry, historyToCsv, historyToJson, type EndpointJson, type HistoryEntry } from './history.js';
import { probeJson as reportJson } from './runReport.js';

const probeJson = (kind: Parameters<typeof reportJson>[0], source: EndpointJson, target: EndpointJson, o: Parameters<typeof reportJson>[1]) => reportJson(kind, o, source, target);
import { historyFileName, writeHistory } from './historyWrite.js';
import type { RunOutcome } from './runner.js';

// Results come from the real captures, so the export is checked against what podnet really parses.
const ping = run(loadFixture('busybox-ping', 'ok'), createPingParser('busybox-ping')).result;
const http = run(loadFixture('curl', 'podnet-ok'), createHttpParser('curl')).result;
const tcp = run(loadFixture('busybox-nc', 'podnet-refused'), createTcpParser('busybox-nc', 5433)).result;
const dns = run(loadFixture('busybox-nslookup', 'service'), createDnsParser('busybox-nslookup', 'backend')).result;
const bw = run(loadFixture('iperf3', 'podnet-ok'), createIperfParser('client')).result;

const client: EndpointJson = { namespace: 'default', pod: 'client-pod', ip: '10.244.0.3', node: 'lab-node-1' };
const practice: EndpointJson = { namespace: 'default', pod: 'practice-pod', ip: '10.244.0.4', node: 'lab-node-1' };
const backend: EndpointJson = { namespace: 'default', pod: 'backend', ip: '10.244.1.2', node: 'lab-node-2' };
const db: EndpointJson = { namespace: 'default', pod: 'db', ip: '10.244.1.3', node: 'lab-node-2' };
const at = new Date('2024-05-01T10:00:00.000Z');

const done = (result: RunOutcome['result'], tool: RunOutcome['tool'], container = 'busybox', reason: RunOutcome['reason'] = 'completed', message: string | null = null): RunOutcome =>
  ({ reason, result, tool, container, message });

const entries: HistoryEntry[] = [
  historyEntry({ at, kind: 'ping', source: client, target: practice, host: '10.244.0.4', outcome: done(ping, 'busybox-ping') }),
  historyEntry({ at: new Date(at.getTime() + 1000), kind: 'http', source: { ...practice }, target: backend, host: '10.244.1.2', port: 8080, outcome: done(http, 'curl', 'nginx') }),
  historyEntry({ at: new Date(at.getTime() + 2000), kind: 'tcp', source: client, target: db, host: '10.244.1.3', port: 5433, outcome: done(tcp, 'busybox-nc', 'busybox', 'failed', 'Port 5433 on db refused the connection.') }),
  historyEntry({ at: new Date(at.getTime() + 3000), kind: 'dns', source: client, target: { namespace: null, pod: null, ip: null, node: null }, host: 'backend', outcome: done(dns, 'busybox-nslookup') }),
  historyEntry({ at: new Date(at.getTime() + 4000), kind: 'bandwidth', source: client, target: practice, host: '10.244.0.4', port: 5201, outcome: done(bw, 'iperf3', 'podnet-debug-1') }),
];

/** Minimal RFC 4180 reader, to check the writer round-trips (quotes, commas, CRLF inside fields). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  expect(cell).toBe('');
  return rows;
}

describe('probe --json shape', () => {
  it('puts each kind in its own field, the others null', () => {
    const [p, h, t, d, b] = entries.map((e) => e.result);
    expect(p).toMatchObject({ kind: 'ping', ok: true, tool: 'busybox ping', sent: 5, received: 5, lossPct: 0, http: null, tcp: null, dns: null, bandwidth: null, error: null });
    expect(p!.rttMs).toEqual({ min: 0.079, avg: 0.097, max: 0.122, mdev: 0.019 });
    expect(p!.replies).toHaveLength(5);
    expect(h).toMatchObject({ kind: 'http', ok: true, tool: 'curl', sent: null, http: { status: 200, bytes: 138, title: 'backend' } });
    expect(h!.http!.totalMs).toBeCloseTo(1.167, 3);
    expect(t).toMatchObject({ kind: 'tcp', ok: false, tcp: { port: 5433, open: false, state: 'refused', connectMs: null } });
    expect(t!.error).toMatch(/refused/i);
    expect(d).toMatchObject({ kind: 'dns', ok: true, dns: { query: 'backend', answers: ['10.96.0.11'] } });
    expect(b).toMatchObject({ kind: 'bandwidth', ok: true, tool: 'iperf3', bandwidth: { sentMbitPerS: 15863, receivedMbitPerS: 15859 } });
    expect(b!.bandwidth!.intervals.map((i) => i.mbitPerS)).toEqual([15110, 16109, 16370]);
  });

  it('is not ok when the run failed, and keeps the outcome sentence as the error without a result', () => {
    const stopped = probeJson('bandwidth', client, practice, done(bw, 'iperf3', 'x', 'stopped'));
    expect(stopped.ok).toBe(true); // stopped by the user after a good measurement: what it measured stands
    const needs = probeJson('bandwidth', client, practice, done(null, null, 'x', 'needs-debug', 'Cannot test bandwidth: no iperf3.'));
    expect(needs).toMatchObject({ ok: false, tool: null, bandwidth: null, error: 'Cannot test bandwidth: no iperf3.' });
  });

  it('keeps the kind asked for when a ping fell back to a TCP connect; the TCP result and tool say what ran', () => {
    const j = probeJson('ping', client, db, { ...done(tcp, 'busybox-nc'), ranKind: 'tcp' });
    expect(j.kind).toBe('ping');
    expect(j.tool).toBe('busybox nc');
    expect(j.tcp?.state).toBe('refused');
  });
});

describe('historyToJson', () => {
  it('round-trips every entry', () => {
    const text = historyToJson(entries);
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(entries)));
    expect(JSON.parse(historyToJson([]))).toEqual([]);
  });
});

describe('historyToCsv', () => {
  it('writes a header and one row per probe with the right cells', () => {
    const rows = parseCsv(historyToCsv(entries));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(entries.length + 1);
    const col = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
    const [, p, h, t, d, b] = rows as [string[], string[], string[], string[], string[], string[]];
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect([col(p, 'time'), col(p, 'kind'), col(p, 'source'), col(p, 'target'), col(p, 'tool'), col(p, 'ok')]).toEqual(['2024-05-01T10:00:00.000Z', 'ping', 'default/client-pod', 'default/practice-pod', 'busybox ping', 'true']);
    expect([col(p, 'sent'), col(p, 'received'), col(p, 'lossPct'), col(p, 'rttMinMs'), col(p, 'rttAvgMs'), col(p, 'rttMaxMs'), col(p, 'port'), col(p, 'httpStatus')]).toEqual(['5', '5', '0', '0.079', '0.097', '0.122', '', '']);
    expect([col(h, 'httpStatus'), col(h, 'httpTitle'), col(h, 'port'), col(h, 'container')]).toEqual(['200', 'backend', '8080', 'nginx']);
    expect([col(t, 'tcpState'), col(t, 'ok'), col(t, 'reason')]).toEqual(['refused', 'false', 'failed']);
    expect(col(t, 'error')).toMatch(/refused/i);
    expect([col(d, 'dnsAnswers'), col(d, 'target'), col(d, 'host')]).toEqual(['10.96.0.11', '', 'backend']);
    expect([col(b, 'mbitPerS'), col(b, 'tool'), col(b, 'container')]).toEqual(['15859', 'iperf3', 'podnet-debug-1']);
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says, with CRLF row ends', () => {
    const hostile = { ...entries[1]!, result: { ...entries[1]!.result, http: { ...entries[1]!.result.http!, title: 'He said "hi", then\r\nleft' } } };
    const text = historyToCsv([hostile]);
    expect(text).toContain('"He said ""hi"", then  left"');
    expect(text.split('\r\n')).toHaveLength(3);
    expect(parseCsv(text)[1]![CSV_COLUMNS.indexOf('httpTitle')]).toBe('He said "hi", then  left');
  });

  it('neutralises cells that a spreadsheet would run as formulas, and drops escape sequences', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\x1b[31m=cmd|calc', ' =1']) {
      const cell = csvCell(evil);
      const value = parseCsv(cell + '\r\n')[0]![0]!;
      expect(value.startsWith("'"), JSON.stringify(evil)).toBe(true);
      expect(value).not.toMatch(/\x1b/);
    }
    expect(csvCell('10.244.0.4')).toBe('10.244.0.4');
    expect(csvCell('default/client-pod')).toBe('default/client-pod');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
    const row = parseCsv(historyToCsv([{ ...entries[1]!, result: { ...entries[1]!.result, http: { ...entries[1]!.result.http!, title: '=cmd|" /C calc"!A0' } } }]))[1]!;
    expect(row[CSV_COLUMNS.indexOf('httpTitle')]).toBe(`'=cmd|" /C calc"!A0`);
  });
});

describe('writeHistory', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes JSON and CSV atomically and returns the absolute path', async () => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-history-'));
    const csvPath = await writeHistory(join(dir, 'h.csv'), entries, 'csv');
    expect(csvPath).toBe(join(dir, 'h.csv'));
    expect(readFileSync(csvPath, 'utf8')).toBe(historyToCsv(entries));
    writeFileSync(join(dir, 'h.json'), 'old');
    const jsonPath = await writeHistory(join(dir, 'h.json'), entries, 'json');
    expect(JSON.parse(readFileSync(jsonPath, 'utf8'))).toHaveLength(entries.length);
    // No temporary file is left next to them.
    expect(readdirSync(dir).sort()).toEqual(['h.csv', 'h.json']);
  });

  it('fails with the filesystem error and leaves nothing behind when the directory does not exist', async () => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-history-'));
    await expect(writeHistory(join(dir, 'missing', 'h.csv'), entries, 'csv')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names exports by time', () => {
    expect(historyFileName('csv', new Date('2024-05-01T10:02:03.456Z'))).toBe('podnet-probes-20240501-100203.csv');
  });
});
