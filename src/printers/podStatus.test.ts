import { describe, expect, it } from 'vitest';
import {
  nodeRolesText,
  nodeStatusText,
  podReadyText,
  podRestartsText,
  podStatusText,
  summarizePod,
  type ContainerStatusLike,
  type NodeLike,
  type PodLike,
} from './podStatus.js';

const now = new Date('2026-11-24T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString().replace('.000Z', 'Z');
const MIN = 60_000;

const running = (name: string, extra: Partial<ContainerStatusLike> = {}): ContainerStatusLike => ({
  name,
  ready: true,
  started: true,
  restartCount: 0,
  state: { running: { startedAt: ago(10 * MIN) } },
  lastState: {},
  ...extra,
});
const waiting = (name: string, reason: string, extra: Partial<ContainerStatusLike> = {}): ContainerStatusLike => ({
  name,
  ready: false,
  restartCount: 0,
  state: { waiting: { reason } },
  ...extra,
});
const terminated = (name: string, t: { reason?: string; exitCode: number; signal?: number }): ContainerStatusLike => ({
  name,
  ready: false,
  restartCount: 0,
  state: { terminated: { ...t, finishedAt: ago(MIN) } },
});
const crashed = (finishedAgoMs: number) => ({ terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(finishedAgoMs) } });
const cond = (type: string, status = 'True', reason?: string) => ({ type, status, ...(reason ? { reason } : {}) });

function pod(p: {
  phase?: string;
  reason?: string;
  containers?: number;
  init?: { name: string; restartPolicy?: string }[];
  initStatuses?: ContainerStatusLike[];
  statuses?: ContainerStatusLike[];
  conditions?: { type: string; status: string; reason?: string }[];
  deleting?: boolean;
}): PodLike {
  return {
    metadata: p.deleting ? { deletionTimestamp: ago(0) } : {},
    spec: {
      containers: Array.from({ length: p.containers ?? 1 }, (_, i) => ({ name: `c${i}` })),
      initContainers: p.init,
    },
    status: {
      phase: p.phase ?? 'Running',
      reason: p.reason,
      conditions: p.conditions,
      initContainerStatuses: p.initStatuses,
      containerStatuses: p.statuses,
    },
  };
}

describe('pod Ready / Status / Restarts as printPod computes them', () => {
  const initialized = [cond('Initialized'), cond('Ready')];
  it.each<[string, PodLike, string, string, string]>([
    ['running', pod({ statuses: [running('c0')], conditions: initialized }), '1/1', 'Running', '0'],
    ['unscheduled', pod({ phase: 'Pending', statuses: undefined }), '0/1', 'Pending', '0'],
    ['ContainerCreating', pod({ phase: 'Pending', statuses: [waiting('c0', 'ContainerCreating')] }), '0/1', 'ContainerCreating', '0'],
    [
      'CrashLoopBackOff, 3 restarts 5m ago',
      pod({ statuses: [waiting('c0', 'CrashLoopBackOff', { restartCount: 3, lastState: crashed(5 * MIN) })] }),
      '0/1',
      'CrashLoopBackOff',
      '3 (5m ago)',
    ],
    [
      'restart finished in the future (clock skew)',
      pod({ statuses: [waiting('c0', 'CrashLoopBackOff', { restartCount: 1, lastState: crashed(-90_000) })] }),
      '0/1',
      'CrashLoopBackOff',
      '1 (<invalid> ago)',
    ],
    ['running but not ready', pod({ statuses: [running('c0', { ready: false })] }), '0/1', 'Running', '0'],
    ['Completed', pod({ phase: 'Succeeded', statuses: [terminated('c0', { reason: 'Completed', exitCode: 0 })] }), '0/1', 'Completed', '0'],
    ['Error', pod({ phase: 'Failed', statuses: [terminated('c0', { reason: 'Error', exitCode: 1 })] }), '0/1', 'Error', '0'],
    ['Signal:9 without a reason', pod({ statuses: [terminated('c0', { exitCode: 137, signal: 9 })] }), '0/1', 'Signal:9', '0'],
    ['ExitCode:3 without a reason', pod({ statuses: [terminated('c0', { exitCode: 3 })] }), '0/1', 'ExitCode:3', '0'],
    [
      'first container decides (statuses are read backwards)',
      pod({ containers: 2, statuses: [waiting('c0', 'ImagePullBackOff'), waiting('c1', 'CrashLoopBackOff')] }),
      '0/2',
      'ImagePullBackOff',
      '0',
    ],
    [
      'Completed with a container still running and Ready -> Running',
      pod({ containers: 2, statuses: [terminated('c0', { reason: 'Completed', exitCode: 0 }), running('c1')], conditions: initialized }),
      '1/2',
      'Running',
      '0',
    ],
    [
      'Completed with a container still running, pod not Ready -> NotReady',
      pod({ containers: 2, statuses: [terminated('c0', { reason: 'Completed', exitCode: 0 }), running('c1')], conditions: [cond('Ready', 'False')] }),
      '1/2',
      'NotReady',
      '0',
    ],
    [
      'Init:0/1 while the init container runs',
      pod({ phase: 'Pending', init: [{ name: 'i0' }], initStatuses: [running('i0', { ready: false })], statuses: [waiting('c0', 'PodInitializing')] }),
      '0/1',
      'Init:0/1',
      '0',
    ],
    [
      'Init:1/2 after the first init container completed',
      pod({
        phase: 'Pending',
        init: [{ name: 'i0' }, { name: 'i1' }],
        initStatuses: [terminated('i0', { reason: 'Completed', exitCode: 0 }), waiting('i1', 'PodInitializing')],
      }),
      '0/1',
      'Init:1/2',
      '0',
    ],
    [
      'Init:CrashLoopBackOff counts init restarts',
      pod({ phase: 'Pending', init: [{ name: 'i0' }], initStatuses: [waiting('i0', 'CrashLoopBackOff', { restartCount: 2, lastState: crashed(3 * MIN) })] }),
      '0/1',
      'Init:CrashLoopBackOff',
      '2 (3m ago)',
    ],
    ['Init:Error', pod({ phase: 'Pending', init: [{ name: 'i0' }], initStatuses: [terminated('i0', { reason: 'Error', exitCode: 1 })] }), '0/1', 'Init:Error', '0'],
    ['Init:Signal:15', pod({ phase: 'Pending', init: [{ name: 'i0' }], initStatuses: [terminated('i0', { exitCode: 143, signal: 15 })] }), '0/1', 'Init:Signal:15', '0'],
    ['Init:ExitCode:2', pod({ phase: 'Pending', init: [{ name: 'i0' }], initStatuses: [terminated('i0', { exitCode: 2 })] }), '0/1', 'Init:ExitCode:2', '0'],
    [
      'sidecar (restartable init container) counts in Ready, its restarts too',
      pod({
        init: [{ name: 'proxy', restartPolicy: 'Always' }],
        initStatuses: [running('proxy', { restartCount: 1, lastState: crashed(7 * MIN) })],
        statuses: [running('c0')],
        conditions: initialized,
      }),
      '2/2',
      'Running',
      '1 (7m ago)',
    ],
    [
      'init container restarts stop counting once initialized',
      pod({
        init: [{ name: 'i0' }],
        initStatuses: [{ ...terminated('i0', { reason: 'Completed', exitCode: 0 }), restartCount: 4 }],
        statuses: [running('c0')],
        conditions: initialized,
      }),
      '1/1',
      'Running',
      '0',
    ],
    ['Terminating', pod({ statuses: [running('c0')], deleting: true }), '1/1', 'Terminating', '0'],
    [
      'a finished pod being deleted stays Completed',
      pod({ phase: 'Succeeded', statuses: [terminated('c0', { reason: 'Completed', exitCode: 0 })], deleting: true }),
      '0/1',
      'Completed',
      '0',
    ],
    ['NodeLost', pod({ reason: 'NodeLost', statuses: [running('c0', { ready: false, state: {} })] }), '0/1', 'NodeLost', '0'],
    ['NodeLost while deleting -> Unknown', pod({ reason: 'NodeLost', statuses: [running('c0')], deleting: true }), '1/1', 'Unknown', '0'],
    [
      'SchedulingGated',
      pod({ phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')] }),
      '0/1',
      'SchedulingGated',
      '0',
    ],
    ['Evicted (status.reason)', pod({ phase: 'Failed', reason: 'Evicted' }), '0/1', 'Evicted', '0'],
  ])('%s', (_name, p, ready, status, restarts) => {
    expect({ ready: podReadyText(p), status: podStatusText(p, now), restarts: podRestartsText(p, now) }).toEqual({
      ready,
      status,
      restarts,
    });
  });

  it('survives an empty object (a watch BOOKMARK)', () => {
    expect(summarizePod({ metadata: {}, spec: { containers: null }, status: {} }, now)).toMatchObject({
      ready: '0/0',
      status: '',
      restarts: '0',
    });
  });
});

describe('node Status and Roles as printNode computes them', () => {
  const node = (conditions: { type: string; status: string }[] | undefined, extra: Partial<NodeLike> = {}): NodeLike => ({
    status: { conditions },
    ...extra,
  });
  it.each<[string, NodeLike, string]>([
    ['Ready', node([cond('MemoryPressure', 'False'), cond('Ready')]), 'Ready'],
    ['NotReady', node([cond('Ready', 'False')]), 'NotReady'],
    ['Ready=Unknown is NotReady', node([cond('Ready', 'Unknown')]), 'NotReady'],
    ['no Ready condition', node(undefined), 'Unknown'],
    ['cordoned', node([cond('Ready')], { spec: { unschedulable: true } }), 'Ready,SchedulingDisabled'],
    ['cordoned and unknown', node([], { spec: { unschedulable: true } }), 'Unknown,SchedulingDisabled'],
  ])('%s', (_name, n, want) => {
    expect(nodeStatusText(n)).toBe(want);
  });

  it.each<[Record<string, string> | undefined, string]>([
    [undefined, '<none>'],
    [{ 'kubernetes.io/hostname': 'n1' }, '<none>'],
    [{ 'node-role.kubernetes.io/master': '', 'node-role.kubernetes.io/control-plane': '' }, 'control-plane,master'],
    [{ 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/worker': 'x', 'node-role.kubernetes.io/': '' }, 'worker'],
    [{ 'kubernetes.io/role': '' }, '<none>'],
  ])('roles of %j -> %s', (labels, want) => {
    expect(nodeRolesText({ metadata: { labels } })).toBe(want);
  });
});
