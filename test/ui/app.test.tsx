import { describe, expect, it } from 'vitest';
import { renderApp, seeded, pod, KEY } from './renderApp.js';

const pods = [pod('backend', { ip: '10.244.1.2', node: 'lab-node-2' }), pod('client-pod', { ip: '10.244.0.3' }), pod('practice-pod', { ip: '10.244.0.4' })];

describe('App', () => {
  it('moves the cursor with j', async () => {
    const app = renderApp({ state: seeded({ pods }) });
    await app.press('j');
    expect(app.store.getState().view.cursors.pods.key).toBe('default/client-pod');
    app.unmount();
  });
});
