import { describe, expect, it } from 'vitest';
import { classify, type Operation } from './kubeErrors.js';
import { ApiError, AuthError } from './request.js';

const ctx = { server: 'https://10.0.0.1:6443', user: 'dev' };
const listPods: Operation = { verb: 'list', resource: 'pods', namespace: 'shop' };
const listNodes: Operation = { verb: 'list', resource: 'nodes' };

describe('classify: one readable sentence per failure', () => {
  it('401: the credentials were rejected, perhaps expired', () => {
    const f = classify(new ApiError(401, '/api/v1/namespaces/shop/pods', { reason: 'Unauthorized', message: 'Unauthorized' }), listPods, ctx);
    expect(f.kind).toBe('unauthorized');
    expect(f.message).toBe('Cannot list pods in namespace "shop": the API server rejected the credentials of user "dev" (401 Unauthorized); the token may have expired.');
    expect(f.hint).toMatch(/log in again/);
  });

  it('403: which verb on which resource, and who', () => {
    const body = { reason: 'Forbidden', message: 'nodes is forbidden: User "viewer" cannot list resource "nodes" in API group "" at the cluster scope' };
    expect(classify(new ApiError(403, '/api/v1/nodes', body), listNodes, ctx).message)
      .toBe('Cannot list nodes: user "viewer" is forbidden to list nodes (403 Forbidden).');
    expect(classify(new ApiError(403, '/api/v1/pods', undefined), { verb: 'watch', resource: 'pods' }, ctx).message)
      .toBe('Cannot watch pods in all namespaces: user "dev" is forbidden to watch pods (403 Forbidden).');
  });

  it('404 and 5xx', () => {
    expect(classify(new ApiError(404, '/x', undefined), { verb: 'get', resource: 'pods', namespace: 'shop', name: 'web' }, ctx).message)
      .toBe('Cannot get pod shop/web: not found.');
    expect(classify(new ApiError(503, '/x', { message: 'etcd is down\nmore' }), listPods, ctx).message)
      .toBe('Cannot list pods in namespace "shop": the API server answered 503: etcd is down.');
  });

  it('the watch\'s own HTTP errors (a status code, no body)', () => {
    expect(classify(Object.assign(new Error('Forbidden'), { statusCode: 403 }), listPods, ctx).kind).toBe('forbidden');
  });

  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ENOTFOUND', 'host not found'],
    ['ETIMEDOUT', 'timed out'],
    ['EHOSTUNREACH', 'host unreachable'],
  ])('unreachable: %s', (code, words) => {
    expect(classify(Object.assign(new Error(`connect ${code}`), { code }), listPods, ctx).message).toBe(`Cannot reach the API server at https://10.0.0.1:6443: ${words}.`);
  });

  it('node-fetch wraps the socket error\'s code (the watch)', () => {
    const err = Object.assign(new Error('request to https://10.0.0.1:6443/api failed, reason: connect ECONNREFUSED'), { type: 'system', code: 'ECONNREFUSED' });
    expect(classify(err, listPods, ctx).kind).toBe('unreachable');
  });

  it('TLS: an untrusted certificate', () => {
    const f = classify(Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), listPods, ctx);
    expect(f.message).toBe('Cannot reach the API server at https://10.0.0.1:6443: its TLS certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT).');
  });

  it('exec plugins: not installed, or failing (their first line of stderr)', () => {
    const missing = new AuthError('eks-user', Object.assign(new Error('spawn aws ENOENT'), { code: 'ENOENT', path: 'aws' }));
    expect(classify(missing, listPods, { ...ctx, execCommand: 'aws' }).message)
      .toBe('Cannot get credentials for user "eks-user": the exec plugin "aws" is not installed (aws not found).');
    const failing = new AuthError('eks-user', new Error('The SSO session has expired.\nRun aws sso login'));
    expect(classify(failing, listPods, { ...ctx, execCommand: 'aws' }).message)
      .toBe('Cannot get credentials for user "eks-user": the exec plugin "aws" failed: The SSO session has expired.');
  });

  it('server text is sanitized before it reaches the screen', () => {
    expect(classify(new ApiError(500, '/x', { message: 'bad\u001b]0;pwned\u0007 thing' }), listPods, ctx).message).not.toMatch(/\u001b|pwned/);
  });
});
