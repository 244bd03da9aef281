// Raw failures (HTTP status + Status body, socket errors, TLS errors, exec-plugin failures) ->
// one readable sentence: "Cannot <verb> <object>: <cause>." plus, where it helps, what to try.
import { ApiError, AuthError } from './request.js';
import { cleanText } from '../state/sanitize.js';

export type FailureKind = 'unauthorized' | 'forbidden' | 'notFound' | 'unreachable' | 'tls' | 'credentials' | 'server' | 'aborted' | 'other';

export interface Operation {
  verb: 'list' | 'watch' | 'get' | 'create';
  resource: string;
  namespace?: string;
  name?: string;
}

export interface Failure {
  kind: FailureKind;
  message: string;
  hint?: string;
}

export interface FailureContext {
  server: string;
  user: string;
  /** The exec plugin's command, when the user authenticates through one. */
  execCommand?: string;
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'the connection was closed',
  UND_ERR_SOCKET: 'the connection was closed',
};

const TLS = /CERT|SIGNATURE|SELF_SIGNED|ERR_TLS|ALTNAME|UNABLE_TO_(GET|VERIFY)/;

export function objectText(op: Operation): string {
  if (op.name) return `${op.resource.replace(/s$/, '')} ${op.namespace ? `${op.namespace}/` : ''}${op.name}`;
  if (op.namespace === undefined) return op.resource === 'nodes' ? 'nodes' : `${op.resource} in all namespaces`;
  return `${op.resource} in namespace "${op.namespace}"`;
}

export function classify(err: unknown, op: Operation, ctx: FailureContext): Failure {
  const what = `Cannot ${op.verb} ${objectText(op)}`;
  const e = err as { name?: string; code?: string; statusCode?: number; message?: string; cause?: { code?: string } };
  if (e?.name === 'AbortError') return { kind: 'aborted', message: `${what}: cancelled.` };
  if (err instanceof AuthError) return credentials(err, ctx);
  const status = err instanceof ApiError ? err.status : e?.statusCode;
  if (status !== undefined && status > 0) {
    const body = err instanceof ApiError ? err.body : undefined;
    if (status === 401) {
      return {
        kind: 'unauthorized',
        message: `${what}: the API server rejected the credentials of user "${ctx.user}" (401 Unauthorized); the token may have expired.`,
        hint: 'log in again or refresh the credentials in the kubeconfig, then restart podnet',
      };
    }
    if (status === 403) {
      const who = /User "([^"]*)"/.exec(body?.message ?? '')?.[1] ?? ctx.user;
      return { kind: 'forbidden', message: `${what}: user "${who}" is forbidden to ${op.verb} ${op.resource} (403 Forbidden).` };
    }
    if (status === 404) return { kind: 'notFound', message: `${what}: not found.` };
    const detail = body?.message ? `: ${oneLine(body.message)}` : '';
    return { kind: 'server', message: `${what}: the API server answered ${status}${detail}.` };
  }
  const code = e?.code ?? e?.cause?.code ?? '';
  if (NETWORK[code]) return { kind: 'unreachable', message: `Cannot reach the API server at ${ctx.server}: ${NETWORK[code]}.` };
  if (TLS.test(code)) {
    return {
      kind: 'tls',
      message: `Cannot reach the API server at ${ctx.server}: its TLS certificate is not trusted (${code}).`,
      hint: 'check certificate-authority in the kubeconfig',
    };
  }
  return { kind: 'other', message: `${what}: ${oneLine(e?.message ?? String(err))}.` };
}

function credentials(err: AuthError, ctx: FailureContext): Failure {
  const cause = err.cause as NodeJS.ErrnoException;
  const plugin = ctx.execCommand ? `the exec plugin "${ctx.execCommand}"` : 'the kubeconfig';
  const why = cause?.code === 'ENOENT'
    ? `${plugin} is not installed (${cause.path ?? ctx.execCommand} not found)`
    : `${plugin} failed: ${oneLine(cause?.message ?? String(cause)) || 'no output'}`;
  return { kind: 'credentials', message: `Cannot get credentials for user "${err.user}": ${why}.`, hint: 'run the plugin by hand to log in, then restart podnet' };
}

const oneLine = (s: string) => cleanText(s.trim().split('\n')[0]).replace(/[.\s]+$/, '');
