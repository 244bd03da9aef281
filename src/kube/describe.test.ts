import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { eventDescription, podDescription } from './describe.js';
import { describeLines } from '../state/describeText.js';

const data = (f: string) => readFileSync(new URL(`./testdata/${f}`, import.meta.url), 'utf8');
// kubectl ran at this instant (testdata/README.md); kubectl and this test print times in UTC.
const NOW = Date.parse('2026-11-24T09:47:25Z');
process.env.TZ = 'UTC';

/** kubectl's output without what podnet leaves out: Environment and Mounts of each container, and
 * everything from Volumes to Tolerations (not networking). */
function networkingPart(kubectl: string): string[] {
  const out: string[] = [];
  let skipping: 'no' | 'container' | 'pod' = 'no';
  for (const line of kubectl.trimEnd().split('\n')) {
    if (skipping === 'container' && !line.startsWith('      ') && !line.startsWith('    Mounts:')) skipping = 'no';
    if (skipping === 'pod' && line.startsWith('Events:')) skipping = 'no';
    if (line.startsWith('    Environment:')) skipping = 'container';
    if (line.startsWith('Volumes:')) skipping = 'pod';
    if (skipping === 'no') out.push(line);
  }
  return out;
}

function ours(pod: string, events: string): string[] {
  const p = JSON.parse(data(pod));
  const uid = p.metadata.uid;
  // kubectl lists the pod's events by name, namespace and uid (the restarted pod's old ones are not its own).
  const own = JSON.parse(data(events)).items.filter((e: { involvedObject: { uid: string } }) => e.involvedObject.uid === uid);
  return describeLines(podDescription(p, own.map(eventDescription)), NOW);
}

describe('describe pod, as kubectl describe pod shows it (networking part)', () => {
  it.each([
    ['practice-pod (one port, restarted: a new uid)', 'practice-pod'],
    ['coredns (several ports)', 'coredns'],
  ])('%s: the same lines as kubectl 1.33', (_name, pod) => {
    expect(ours(`${pod}.json`, `${pod}.events.json`)).toEqual(networkingPart(data(`${pod}.describe.txt`)));
  });
});

describe('describe pod: hostile cluster text', () => {
  it('drops escape sequences from annotations, state messages and event messages', () => {
    const p = JSON.parse(data('practice-pod.json'));
    p.metadata.annotations = { note: 'a\u001b]0;pwned\u0007b\u001b[2Jc' };
    p.status.containerStatuses[0].lastState = { terminated: { exitCode: 1, reason: 'Error', message: 'boom\u001b[31mred\u009b2J' } };
    const event = { type: 'Warning', reason: 'X', firstTimestamp: '2026-11-24T09:47:20Z', lastTimestamp: '2026-11-24T09:47:20Z', count: 1, source: { component: 'k' }, message: '\u001b]2;title\u001b\\gone' };
    const text = describeLines(podDescription(p, [eventDescription(event)]), NOW).join('\n');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('note: abc');
    expect(text).toContain('      Message:      boomred');
    expect(text).toMatch(/k +gone$/m);
  });

  it('events with a count say how often and since when, as kubectl does', () => {
    const p = JSON.parse(data('practice-pod.json'));
    const e = { type: 'Warning', reason: 'BackOff', firstTimestamp: '2026-11-24T09:37:25Z', lastTimestamp: '2026-11-24T09:46:25Z', count: 7, source: { component: 'kubelet' }, message: 'Back-off restarting failed container' };
    expect(describeLines(podDescription(p, [eventDescription(e)]), NOW).at(-1)).toBe('  Warning  BackOff  60s (x7 over 10m)  kubelet  Back-off restarting failed container');
  });
});
