import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportEntries, writeProbeHistory } from './probeHistory.js';
import type { HistoryEntry } from '../state/slices/probe.js';

const end = (name: string, ip: string) => ({ namespace: 'default', name, uid: `uid-${name}`, ip, node: 'lab-node-1' });
const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  runId: 1, kind: 'tcp', label: 'pod 10.244.1.3:5432', source: end('client-pod', '10.244.0.3'), target: end('db', '10.244.1.3'),
  host: '10.244.1.3', port: 5432, startedAt: Date.parse('2026-11-24T12:00:00Z'), endedAt: Date.parse('2026-11-24T12:00:01Z'), outcome: undefined, ...over,
});

describe('writing the probe history', () => {
  it('writes finished runs only, as probe --json words them, and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podnet-history-'));
    try {
      const history = [
        entry({ outcome: { reason: 'completed', tool: 'busybox-nc', container: 'busybox', message: null, result: { ok: true, tool: 'busybox nc', port: 5432, open: true, state: 'open', connectMs: null, error: null } } }),
        entry({ runId: 2, endedAt: undefined }),
      ];
      expect(exportEntries(history)).toHaveLength(1);
      const json = await writeProbeHistory(history, 'json', new Date('2026-11-24T12:00:02Z'), dir);
      expect(json).toEqual({ path: join(dir, 'podnet-probes-20261124-120002.json'), count: 1 });
      const parsed = JSON.parse(readFileSync(json.path, 'utf8'));
      expect(parsed[0]).toMatchObject({ kind: 'tcp', host: '10.244.1.3', port: 5432, reason: 'completed', result: { ok: true, source: { pod: 'client-pod', ip: '10.244.0.3' }, tcp: { port: 5432, open: true, state: 'open' } } });
      const csv = await writeProbeHistory(history, 'csv', new Date('2026-11-24T12:00:03Z'), dir);
      const rows = readFileSync(csv.path, 'utf8').trim().split('\r\n');
      expect(rows).toHaveLength(2);
      expect(rows[1]).toContain('default/client-pod,default/db,10.244.1.3,5432');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
