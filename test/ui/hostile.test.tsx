// Cluster text that may hold anything (event messages, container state messages, annotations,
// even names from a hostile API server) goes through src/kube and reaches the screen harmless.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderApp, seeded, NOW } from './renderApp.js';
import { podView, type PodJson } from '../../src/kube/toView.js';
import { eventDescription, podDescription } from '../../src/kube/describe.js';

const EVIL = ['\u001b]0;pwned\u0007', '\u001b[2J', '\u001b[H', '\u009b31m', '\u001bP+q\u001b\\', '\u0007', '\u001b]8;;http://evil\u001b\\'];
const evil = (s: string) => `${s}${EVIL.join('')}!`;
// Ink's own styling (SGR) is the only escape sequence allowed in a frame.
const harmful = /\u001b(?!\[[0-9;]*m)|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/;

describe('hostile cluster text', () => {
  const raw = JSON.parse(readFileSync(new URL('../../src/kube/testdata/practice-pod.json', import.meta.url), 'utf8'));
  const hostile: PodJson = structuredClone(raw);
  hostile.metadata!.name = evil('practice-pod');
  (hostile.spec as { nodeName: string }).nodeName = evil('lab-node-1');
  (hostile.status as { reason: string }).reason = evil('Evicted');
  raw.metadata.annotations = { 'note': evil('hello'), 'multi': `one${EVIL[0]}\ntwo${EVIL[1]}` };
  raw.status.containerStatuses[0].state = { terminated: { exitCode: 1, reason: evil('Error'), message: evil('container said') } };
  const event = { type: 'Warning', reason: evil('Pwn'), firstTimestamp: '2026-11-24T11:59:00Z', lastTimestamp: '2026-11-24T11:59:00Z', count: 1, source: { component: evil('kubelet') }, message: evil('event message') };

  it('the pods pane draws names, nodes and statuses with the sequences stripped', () => {
    const app = renderApp({ state: seeded({ pods: [podView(hostile)] }) });
    for (const f of app.frames) expect(f).not.toMatch(harmful);
    expect(app.lastFrame()).toMatch(/practice-pod!\s+1\/1\s+Evicted!\s+0\s+10\.244\.\d+\.\d+\s+lab-node-1!/);
    expect(app.lastFrame()).not.toContain('pwned');
    app.unmount();
  });

  it('describe draws annotations, state messages and events harmlessly', async () => {
    const app = renderApp({ state: seeded({ pods: [podView(raw)] }), rows: 60 });
    await app.press('d');
    app.store.dispatch({ type: 'describe/loaded', key: 'default/practice-pod', description: podDescription(raw, [eventDescription(event)]), at: NOW });
    await app.press('');
    const f = app.lastFrame() ?? '';
    for (const fr of app.frames) expect(fr).not.toMatch(harmful);
    expect(f).toMatch(/note: hello!/);
    expect(f).toMatch(/Message: +container said!/);
    expect(f).toMatch(/Warning +Pwn! +60s +kubelet! +event message!/);
    expect(f).not.toContain('pwned');
    app.unmount();
  });
});
