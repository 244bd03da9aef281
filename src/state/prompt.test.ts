import { describe, expect, it } from 'vitest';
import { parseCommand } from './prompt.js';

const contexts = ['lab', 'lab-readonly'];

describe('parseCommand (the : line)', () => {
  it.each([
    ['ns kube-system', { type: 'namespace/chosen', scope: { all: false, namespace: 'kube-system' } }],
    ['namespace default', { type: 'namespace/chosen', scope: { all: false, namespace: 'default' } }],
    ['ns all', { type: 'namespace/chosen', scope: { all: true } }],
    ['ns -A', { type: 'namespace/chosen', scope: { all: true } }],
    ['  ctx   lab-readonly ', { type: 'context/chosen', context: 'lab-readonly' }],
    ['q', { type: 'app/quitRequested' }],
    ['quit', { type: 'app/quitRequested' }],
  ])(':%s', (text, want) => {
    expect(parseCommand(text, contexts)).toEqual(want);
  });

  it('says what is wrong in one sentence', () => {
    expect(parseCommand('ns', contexts)).toEqual({ type: 'flash/shown', level: 'warn', text: 'Name a namespace: :ns NAME, or :ns all.' });
    expect(parseCommand('ns Bad_Name', contexts)).toMatchObject({ level: 'error', text: '"Bad_Name" is not a valid namespace name.' });
    expect(parseCommand('ctx prod', contexts)).toMatchObject({ level: 'error', text: 'There is no context "prod" in the kubeconfig; it has lab, lab-readonly.' });
    expect(parseCommand('ctx', contexts)).toMatchObject({ level: 'info', text: 'Contexts: lab, lab-readonly.' });
    expect(parseCommand('pods', contexts)).toMatchObject({ level: 'error', text: 'Unknown command ":pods"; try :ns NAME, :ctx NAME, :q.' });
    expect(parseCommand('   ', contexts)).toBeUndefined();
  });
});
