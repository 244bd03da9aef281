// The lab's HTTPS front door: authenticate, authorize, route, and hand to a handler. It can stop
// listening and start again on the same port (the `stop-api` / `start-api` faults).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiContext } from './context.js';
import type { KubeObject } from '../store/kubeObject.js';
import { allowed, authenticate, verbOf, type LabUser } from './auth.js';
import { routeOf, type Route } from './route.js';
import { groupsServed } from './resources.js';
import { apiGroupDoc, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { forbidden, methodNotAllowed, notAcceptable, notFound, unknownGroup, unknownResource, unauthorized, badRequest } from './status.js';
import { negotiate } from './negotiate.js';
import { sendJson, sendStatus, sendText } from './respond.js';
import { getObject, listObjects } from './handlers/read.js';
import { watchObjects } from './handlers/watch.js';
import { createObject, deleteObject, patchObject, replaceObject } from './handlers/write.js';
import { selfSubjectAccessReview } from './handlers/accessReview.js';

export interface Tls {
  cert: string;
  key: string;
}

export class ApiServer {
  private server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(private readonly ctx: ApiContext, tls: Tls, private readonly host = '127.0.0.1') {
    this.server = this.makeServer(tls);
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((ok, fail) => {
      this.server.once('error', fail);
      this.server.listen(port || this.port, this.host, () => {
        this.server.off('error', fail);
        ok();
      });
    });
    const addr = this.server.address();
    if (addr && typeof addr === 'object') this.port = addr.port;
    return this.port;
  }

  /** Stops answering: closes the listener and every connection, as a dead apiserver would. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((ok) => this.server.close(() => ok()));
    for (const res of this.ctx.watches) res.destroy();
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  dropWatches(): number {
    const n = this.ctx.watches.size;
    for (const res of [...this.ctx.watches]) res.end();
    return n;
  }

  private makeServer(tls: Tls): Server {
    const server = createServer({ cert: tls.cert, key: tls.key, keepAlive: true }, (req, res) => {
      this.handle(req, res).catch((e) => {
        if (!res.headersSent) sendJson(req, res, 500, internalError(e));
        else res.destroy();
      });
    });
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('secureConnection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    // Watches stay open for many minutes; node's default request timeout would cut them.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    return server;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://lab');
    const route = routeOf(url.pathname, (g) => groupsServed().some((s) => s.group === g));
    // Go's HTTP server refuses a malformed path before the apiserver sees it.
    if (route.kind === 'badPath') return sendText(res, 400, '400 Bad Request');
    const authn = authenticate(req.headers.authorization, this.ctx.users);
    if ('invalid' in authn) return sendStatus(req, res, unauthorized());
    // /version is written indented whatever the client (k8s-reference/discovery/version.json).
    if (route.kind === 'version') return sendJson(req, res, 200, this.ctx.version, true);
    if (route.kind === 'health') return sendText(res, 200, 'ok');
    const user: LabUser | { name: string; anonymous: true } = 'user' in authn ? authn.user : { name: 'system:anonymous', anonymous: true };
    if (route.kind !== 'resource') return this.discovery(req, res, route, user);

    const isWatch = ['1', 'true'].includes(url.searchParams.get('watch') ?? '');
    const verb = verbOf(req.method ?? 'GET', route.name !== undefined, isWatch);
    const attrs = {
      verb, resource: route.def.name, subresource: route.subresource, group: route.def.group,
      namespace: route.namespace, name: route.name,
    };
    if ('anonymous' in user || !allowed(user, attrs)) return sendStatus(req, res, forbidden({ user: user.name, ...attrs }));
    return this.resource(req, res, route, url.searchParams, verb, user);
  }

  private discovery(req: IncomingMessage, res: ServerResponse, route: Route, user: { name: string; anonymous?: true }): void {
    if ('anonymous' in user && user.anonymous) {
      return sendStatus(req, res, forbidden({ user: user.name, verb: 'get', path: new URL(req.url ?? '/', 'https://lab').pathname }));
    }
    const want = negotiate(req.headers.accept, { endpoint: 'discovery' });
    if (want.form === 'notAcceptable') return sendStatus(req, res, want.error ?? notAcceptable());
    switch (route.kind) {
      case 'api':
        return sendJson(req, res, 200, apiVersions(this.ctx.serverAddress()));
      case 'apis':
        return sendJson(req, res, 200, apiGroupList());
      case 'group':
        return sendJson(req, res, 200, apiGroupDoc(route.group));
      case 'groupVersion':
        return sendJson(req, res, 200, apiResourceList(route.group, route.version));
      case 'unknownResource':
        return sendStatus(req, res, unknownResource());
      default:
        return sendStatus(req, res, unknownGroup());
    }
  }

  private async resource(
    req: IncomingMessage, res: ServerResponse, route: Extract<Route, { kind: 'resource' }>, query: URLSearchParams, verb: string,
    user: LabUser,
  ): Promise<void> {
    const { def, namespace, name, subresource } = route;
    const ctx = this.ctx;
    if (subresource === 'exec' || subresource === 'portforward' || subresource === 'attach') {
      // A plain request reaches here; upgrades go through `upgrade` below.
      const pod = ctx.store.get('pods', namespace, name!);
      if (!pod) return sendStatus(req, res, notFound('pods', name!));
      // The apiserver checks the container and the node before it looks for an upgrade (exec/08, 09).
      const early = streamPrecondition(pod, query);
      return sendStatus(req, res, badRequest(early ?? 'Upgrade request required'));
    }
    if (def.name === 'selfsubjectaccessreviews' && verb === 'create') return selfSubjectAccessReview(req, res, user);
    if (def.readOnly && !['get', 'list', 'watch'].includes(verb)) return sendStatus(req, res, methodNotAllowed());
    switch (verb) {
      case 'get':
        return getObject(ctx, req, res, def, namespace, name!);
      case 'list':
        return listObjects(ctx, req, res, def, namespace, query);
      case 'watch':
        return watchObjects(ctx, req, res, def, namespace, name, query);
      case 'create':
        if (name) return sendStatus(req, res, methodNotAllowed());
        return createObject(ctx, req, res, def, namespace, name, subresource);
      case 'update':
        if (!name) return sendStatus(req, res, methodNotAllowed());
        return replaceObject(ctx, req, res, def, namespace, name, subresource);
      case 'patch':
        if (!name) return sendStatus(req, res, methodNotAllowed());
        return patchObject(ctx, req, res, def, namespace, name, subresource);
      case 'delete':
        return deleteObject(ctx, req, res, def, namespace, name, subresource);
      default:
        return sendStatus(req, res, methodNotAllowed());
    }
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'https://lab');
    const route = routeOf(url.pathname, (g) => groupsServed().some((s) => s.group === g));
    const authn = authenticate(req.headers.authorization, this.ctx.users);
    const reply = (status: { code: number; body: unknown }) => rawReply(socket, status.code, status.body);
    if ('invalid' in authn) return reply(unauthorized());
    if (route.kind !== 'resource' || !route.subresource || !route.name || route.def.name !== 'pods') {
      return reply(badRequest('Upgrade request required'));
    }
    const sub = route.subresource as 'exec' | 'portforward' | 'attach';
    const verb = req.method === 'POST' ? 'create' : 'get';
    const user = 'user' in authn ? authn.user : undefined;
    const attrs = { verb, resource: 'pods', subresource: sub, group: '', namespace: route.namespace, name: route.name };
    if (!user || !allowed(user, attrs)) return reply(forbidden({ user: user?.name ?? 'system:anonymous', ...attrs }));
    const pod = this.ctx.store.get('pods', route.namespace, route.name);
    if (!pod) return reply(notFound('pods', route.name));
    const early = streamPrecondition(pod, url.searchParams);
    if (early) return reply(badRequest(early));
    const nodeName = String((pod.spec as { nodeName?: string }).nodeName);
    if (!this.ctx.streams) {
      return reply({ code: 500, body: {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `error dialing backend: this lab runs without pod networks, so node ${nodeName} has no kubelet to ${sub}`,
        code: 500,
      } });
    }
    this.ctx.streams({ req, socket, head, namespace: route.namespace!, pod, subresource: sub, query: url.searchParams });
  }
}

/** What the apiserver refuses before reaching a kubelet: an unknown container, a pod with no node. */
function streamPrecondition(pod: KubeObject, query: URLSearchParams): string | undefined {
  const spec = (pod.spec ?? {}) as { nodeName?: string; containers?: { name: string }[]; ephemeralContainers?: { name: string }[]; initContainers?: { name: string }[] };
  const container = query.get('container');
  const known = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
  if (container && !known.includes(container)) return `container ${container} is not valid for pod ${pod.metadata.name}`;
  if (!spec.nodeName) return `pod ${pod.metadata.name} does not have a host assigned`;
  return undefined;
}

function rawReply(socket: Duplex, code: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' }[code] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${code} ${reason}\r\nCache-Control: no-cache, private\r\nContent-Type: application/json\r\n` +
      `Date: ${new Date().toUTCString()}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

function internalError(e: unknown) {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: `Internal error occurred: ${(e as Error)?.message ?? String(e)}`, reason: 'InternalError',
    details: { causes: [{ message: (e as Error)?.message ?? String(e) }] }, code: 500,
  };
}
