// Field selector grammar and field-label conversion; the error texts are the server's (the
// ones marked "capture" come from ../shared/k8s-reference, checked end to end in selectors.test.ts).
import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from './fieldSelectors.js';
import { SelectorError } from './selectors.js';

function errorOf(run: () => unknown): SelectorError {
  try { run(); } catch (e) { if (e instanceof SelectorError) return e; throw e; }
  throw new Error('no error thrown');
}

describe('field selector grammar', () => {
  const pod = {
    metadata: { name: 'p', namespace: 'ns' },
    spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccount: 'old-sa' },
    status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }] },
  };
  const cases: Array<[selector: string, resource: string, obj: object, match: boolean]> = [
    ['', 'pods', pod, true],
    ['spec.nodeName=n1', 'pods', pod, true],
    ['spec.nodeName==n1', 'pods', pod, true],
    ['spec.nodeName!=n1', 'pods', pod, false],
    ['spec.host=n1', 'pods', pod, true], // old clients' name for spec.nodeName
    ['spec.serviceAccountName=old-sa', 'pods', pod, true], // serviceAccount stands in when the new field is empty
    ['status.podIPs=10.0.0.1', 'pods', pod, false], // accepted, but not in the pod's selectable fields
    ['status.podIPs=', 'pods', pod, true],
    ['status.nominatedNodeName=', 'pods', pod, true],
    ['status.podIP=10.0.0.2', 'pods', { ...pod, status: { podIPs: [{ ip: '10.0.0.2' }] } }, true],
    ['metadata.name=p,metadata.namespace=ns', 'pods', pod, true],
    ['metadata.namespace!=ns', 'pods', pod, false],
    ['metadata.namespace=', 'persistentvolumes', { metadata: { name: 'pv' } }, true], // cluster-scoped: no namespace field
    [',,metadata.name=p,', 'pods', pod, true],
    ['spec.unschedulable=false', 'nodes', { metadata: { name: 'n' }, spec: {} }, true],
    ['spec.unschedulable=true', 'nodes', { metadata: { name: 'n' }, spec: { unschedulable: true } }, true],
    ['status.phase=Active', 'namespaces', { metadata: { name: 'd' }, status: { phase: 'Active' } }, true],
    ['type=Opaque', 'secrets', { metadata: { name: 's' }, type: 'Opaque' }, true],
    ['involvedObject.name=p,reason=Pulled,source=kubelet', 'events',
      { metadata: { name: 'e' }, involvedObject: { name: 'p' }, reason: 'Pulled', reportingComponent: 'kubelet' }, true],
    ['metadata.name=a\\,b\\=c\\\\', 'configmaps', { metadata: { name: 'a,b=c\\' } }, true],
  ];
  it.each(cases)('%j on %s -> %s', (selector, resource, obj, match) => {
    expect(parseFieldSelector(selector, resource)(obj)).toBe(match);
  });

  const errorCases: Array<[selector: string, resource: string, message: string]> = [
    ['spec.hostname=foo', 'pods', 'field label not supported: spec.hostname'], // capture
    ['spec.clusterIP=10.0.0.1', 'services', '"spec.clusterIP" is not a known field selector: only "metadata.name", "metadata.namespace"'], // capture
    ['spec.hostNetwork=true', 'pods', 'field label not supported: spec.hostNetwork'], // 1.28+ only
    ['metadata.namespace=x', 'nodes', 'field label not supported: metadata.namespace'],
    ['metadata.namespace=x', 'namespaces', 'field label not supported: metadata.namespace'],
    ['spec.nodeName = n1', 'pods', 'field label not supported: spec.nodeName '], // no trimming
    ['x', 'pods', "invalid selector: 'x'; can't understand 'x'"],
    ['metadata.name=p,nonsense', 'pods', "invalid selector: 'metadata.name=p,nonsense'; can't understand 'nonsense'"],
    ['metadata.name=x=', 'pods', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\b', 'pods', 'invalid field selector: invalid escape sequence: \\b'],
    ['metadata.name=a\\', 'pods', 'invalid field selector: invalid escape sequence: \\'],
    // terms are sorted before conversion, so the alphabetically first bad one is reported
    ['zzz=1,aaa=2', 'pods', 'field label not supported: aaa'],
    ['=x', 'configmaps', '"" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['spec.nodeName\u0007=x', 'configmaps', '"spec.nodeName\\a" is not a known field selector: only "metadata.name", "metadata.namespace"'],
  ];
  it.each(errorCases)('%j on %s is rejected', (selector, resource, message) => {
    expect(errorOf(() => parseFieldSelector(selector, resource)).message).toBe(message);
  });
});
