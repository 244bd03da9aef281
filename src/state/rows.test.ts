import { describe, expect, it } from 'vitest';
import { nodeRow, podRow, restartsText, type PodRowContext } from './rows.js';
import { NOW, node, pod } from '../../test/ui/fixtures.js';

const ctx = (o: Partial<PodRowContext> = {}): PodRowContext => ({ now: NOW, withNamespace: false, sourceKey: undefined, targetKey: undefined, ipChanges: new Map(), ...o });

describe('podRow (kubectl get pods -o wide wording)', () => {
  it('name, ready, status, restarts, IP, node, age', () => {
    expect(podRow(pod('web', { ip: '10.244.0.4' }), ctx()).cells).toEqual([' ', 'web', '1/1', 'Running', '0', '10.244.0.4', 'lab-node-1', '5m']);
  });

  it('with all namespaces, NAMESPACE comes first', () => {
    expect(podRow(pod('web', { namespace: 'shop' }), ctx({ withNamespace: true })).cells.slice(0, 3)).toEqual([' ', 'shop', 'web']);
  });

  it('restarts as kubectl words them: "3 (5m ago)"', () => {
    expect(restartsText(pod('web', { restartCount: 3, lastRestartMs: NOW - 5 * 60_000 }), NOW)).toBe('3 (5m ago)');
    expect(restartsText(pod('web', { restartCount: 2 }), NOW)).toBe('2');
  });

  it('no IP or node yet: <none>; an object newer than the clock is 0s old, not <invalid>', () => {
    expect(podRow(pod('web', { ip: '', node: '', createdMs: NOW + 5000 }), ctx()).cells.slice(5)).toEqual(['<none>', '<none>', '0s']);
  });

  it('marks S and T in the gutter', () => {
    expect(podRow(pod('a'), ctx({ sourceKey: 'default/a' })).cells[0]).toBe('S');
    expect(podRow(pod('b'), ctx({ targetKey: 'default/b' })).cells[0]).toBe('T');
  });

  it('a changed IP shows the old one beside it for a minute', () => {
    const changes = new Map([['default/web', { from: '10.244.0.4', to: '10.244.0.9', at: NOW - 10_000 }]]);
    const row = podRow(pod('web', { ip: '10.244.0.9' }), ctx({ ipChanges: changes }));
    expect(row.cells[5]).toBe('10.244.0.9 (was 10.244.0.4)');
    expect(row.tones[5]).toBe('changed');
    expect(podRow(pod('web', { ip: '10.244.0.9' }), ctx({ ipChanges: changes, now: NOW + 60_000 })).cells[5]).toBe('10.244.0.9');
  });

  it('tones: Running and ready ok, not ready or starting warn, failures fail, Completed dim', () => {
    const tone = (over: Parameters<typeof pod>[1]) => podRow(pod('x', over), ctx()).tones[3];
    expect(tone({})).toBe('ok');
    expect(tone({ ready: '0/1' })).toBe('warn');
    expect(tone({ status: 'Init:0/1' })).toBe('warn');
    expect(tone({ status: 'ContainerCreating' })).toBe('warn');
    expect(tone({ status: 'CrashLoopBackOff' })).toBe('fail');
    expect(tone({ status: 'Completed' })).toBe('dim');
  });
});

describe('nodeRow', () => {
  it('name, status, roles, InternalIP, pod CIDR, pods, age', () => {
    expect(nodeRow(node('lab-node-1', { status: 'Ready,SchedulingDisabled', roles: 'control-plane' }), 3, NOW).cells)
      .toEqual(['lab-node-1', 'Ready,SchedulingDisabled', 'control-plane', '127.0.10.1', '10.244.0.0/24', '3', '60m']);
  });
});
