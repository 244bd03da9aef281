// The lab's end of a pod agent's IPC channel: wait for it to be ready, and ask it for connections
// to ports on the pod's localhost, which arrive as sockets handed over the channel.
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

interface DialReply {
  id?: number;
  ok?: boolean;
  error?: string;
  code?: string;
  ready?: boolean;
}

export class AgentChannel {
  private nextId = 1;
  private readonly pending = new Map<number, { ok: (s: Socket) => void; fail: (e: Error) => void }>();
  private readonly readyPromise: Promise<void>;
  private stderr = '';

  constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    // A failed send to an agent that just died is an 'error' event; unheard, it would crash the lab.
    child.on('error', (e) => (this.stderr += `\n${e.message}`));
    this.readyPromise = new Promise((ok, fail) => {
      child.on('message', (msg: DialReply, handle?: unknown) => {
        if (msg?.ready) return ok();
        const waiter = msg?.id !== undefined ? this.pending.get(msg.id) : undefined;
        if (!waiter) return;
        this.pending.delete(msg.id!);
        if (msg.ok && handle) {
          waiter.ok(handle as Socket);
        } else waiter.fail(Object.assign(new Error(msg.error ?? 'dial failed'), { code: msg.code }));
      });
      child.once('exit', (code) => {
        const e = new Error(`pod agent exited (${code}): ${this.stderr.trim()}`);
        fail(e);
        for (const w of this.pending.values()) w.fail(e);
        this.pending.clear();
      });
    });
    this.readyPromise.catch(() => {});
  }

  ready(timeoutMs: number): Promise<void> {
    return Promise.race([
      this.readyPromise,
      new Promise<void>((_, fail) => setTimeout(() => fail(new Error(`pod agent not ready after ${timeoutMs} ms: ${this.stderr.trim()}`)), timeoutMs).unref()),
    ]);
  }

  dial(port: number): Promise<Socket> {
    return new Promise((ok, fail) => {
      if (!this.child.connected) return fail(new Error('pod agent is gone'));
      const id = this.nextId++;
      this.pending.set(id, { ok, fail });
      this.child.send({ dial: port, id }, (e) => {
        if (!e) return;
        this.pending.delete(id);
        fail(e);
      });
    });
  }
}
