import { describe, expect, it } from 'vitest';
import React, { Profiler } from 'react';
import { renderApp, seeded, pod, NOW } from './renderApp.js';
import { App } from '../../src/ui/App.js';

const many = Array.from({ length: 200 }, (_, i) => pod(`pod-${String(i).padStart(3, '0')}`, { ip: `10.244.0.${i}` }));

describe('renders only what changed', () => {
  it('a watch batch that touches only pods off screen commits nothing', async () => {
    const commits: string[] = [];
    const app = renderApp({
      state: seeded({ pods: many }),
      node: (
        <Profiler id="app" onRender={(id, phase) => commits.push(`${id}:${phase}`)}>
          <App size={{ columns: 120, rows: 36 }} />
        </Profiler>
      ),
    });
    await new Promise((r) => setTimeout(r, 100));
    const before = commits.length;
    app.store.dispatch({ type: 'pods/changed', upserts: [pod('pod-199', { ip: '10.244.9.9', resourceVersion: '2' })], deleted: [], at: NOW });
    await new Promise((r) => setTimeout(r, 100));
    expect(commits.length - before).toBe(0);
    app.store.dispatch({ type: 'pods/changed', upserts: [pod('pod-000', { status: 'CrashLoopBackOff', resourceVersion: '2' })], deleted: [], at: NOW });
    await new Promise((r) => setTimeout(r, 100));
    expect(commits.length - before).toBe(1);
    app.unmount();
  });
});
