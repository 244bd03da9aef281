// One upgraded exec: the process's output onto its channels, the client's stdin and resizes into
// the process, the Status on the error channel at the end. Whatever ends the session (the command
// exiting, the client closing, the connection dropping), the process and its children are killed.
import { constants as osConstants } from 'node:os';
import type { Readable } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import type { ExecProcess } from './runtime.js';
import {
  decodeFrame, encodeFrame, ERROR, RESIZE, ResizeDecoder, statusPayload, STDERR, STDIN, STDOUT,
  type ChannelProtocol, type ExecOutcome,
} from './channels.js';

export interface ExecParams {
  argv: string[];
  container: string;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Pause the process's output while this much is queued for a slow client. */
const HIGH_WATER = 1 << 20;
/** After the command exits, how long children that hold its stdout open may keep writing. */
const LINGER_MS = 1_000;
/** After the kill, the bound on draining what the pipes still hold. */
const DRAIN_MS = 10_000;

export class ExecSession {
  private proc?: ExecProcess;
  private ended = false;
  private killed = false;
  private queued = 0;
  private readonly earlyStdin: Buffer[] = [];
  private stdinClosed = false;
  private size?: { width: number; height: number };
  private readonly resizes = new ResizeDecoder();

  constructor(private readonly ws: WebSocket, private readonly protocol: ChannelProtocol, private readonly p: ExecParams) {
    ws.on('error', () => {}); // a reset connection ends in 'close' as well
    ws.on('message', (data) => this.onMessage(data));
    ws.on('close', () => this.end());
    // The kubelet's "connection established" signal: one empty frame on the lowest writable channel.
    this.send(p.stdout ? STDOUT : p.stderr ? STDERR : ERROR, Buffer.alloc(0));
  }

  /** Wire a started process to the session and report how it ended. */
  async attach(proc: ExecProcess): Promise<void> {
    this.proc = proc;
    if (this.ended) return this.kill();
    proc.stdin?.on('error', () => {}); // writing to a process that already exited
    for (const chunk of this.earlyStdin.splice(0)) proc.stdin?.write(chunk);
    if (this.stdinClosed || !this.p.stdin) proc.stdin?.end();
    if (this.size) proc.resize?.(this.size.width, this.size.height);
    const output = Promise.all([this.pump(proc.stdout, STDOUT, this.p.stdout), this.pump(proc.stderr, STDERR, this.p.stderr)]);
    const exit = await proc.exited;
    await Promise.race([output, delay(LINGER_MS)]);
    this.kill();
    if (!(await Promise.race([output.then(() => true), delay(DRAIN_MS).then(() => false)]))) {
      proc.stdout.destroy();
      proc.stderr.destroy();
    }
    const code = exit.code ?? 128 + (exit.signal ? osConstants.signals[exit.signal] ?? 0 : 0);
    this.finish(code === 0 ? { kind: 'success' } : { kind: 'exit', code, argv: this.p.argv });
  }

  /** Report the outcome and close normally, as the kubelet does once ServeExec returns. */
  finish(outcome: ExecOutcome): void {
    if (this.ended) return;
    const payload = statusPayload(this.protocol, outcome);
    if (payload) this.send(ERROR, payload);
    this.ended = true;
    this.kill();
    this.ws.close(1000);
  }

  private end(): void {
    this.ended = true;
    this.kill();
  }

  /** Once: the runtime's kill takes the whole process group, whose id must not be reused by then. */
  private kill(): void {
    if (this.killed || !this.proc) return;
    this.killed = true;
    this.proc.kill();
  }

  private onMessage(raw: RawData): void {
    const frame = decodeFrame(this.protocol, Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw));
    if (!frame) return;
    if ('close' in frame) {
      if (frame.close === STDIN) this.closeStdin();
      return;
    }
    if (frame.channel === STDIN && this.p.stdin && !this.stdinClosed) this.writeStdin(frame.data);
    else if (frame.channel === RESIZE && this.p.tty) {
      for (const size of this.resizes.push(frame.data)) {
        this.size = size;
        this.proc?.resize?.(size.width, size.height);
      }
    }
  }

  private writeStdin(data: Buffer): void {
    if (data.length === 0) return;
    const stdin = this.proc?.stdin;
    if (!this.proc) return void this.earlyStdin.push(Buffer.from(data));
    if (stdin && !stdin.writableEnded && !stdin.write(data)) {
      // A process that reads slower than the client types: stop reading the socket until it drains.
      this.ws.pause();
      stdin.once('drain', () => this.ws.resume());
      stdin.once('close', () => this.ws.resume());
    }
  }

  private closeStdin(): void {
    this.stdinClosed = true;
    this.proc?.stdin?.end();
  }

  private pump(stream: Readable, channel: number, wanted: boolean): Promise<void> {
    return new Promise((resolve) => {
      stream.on('data', (chunk: Buffer) => {
        if (!wanted || chunk.length === 0) return;
        this.queued += chunk.length;
        this.send(channel, chunk, () => {
          this.queued -= chunk.length;
          if (this.queued < HIGH_WATER && stream.isPaused()) stream.resume();
        });
        if (this.queued >= HIGH_WATER) stream.pause();
      });
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
  }

  private send(channel: number, data: Buffer, done?: () => void): void {
    if (this.ws.readyState !== this.ws.OPEN) return done?.();
    this.ws.send(encodeFrame(this.protocol, channel, data), () => done?.());
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
