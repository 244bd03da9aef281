// Where exec and port-forward upgrades go once the API server has authorized them.
import type { StreamRequest } from '../api/context.js';
import type { PodStreamRuntime } from './runtime.js';
import { handleExec } from './exec.js';
import { handlePortForward } from './portForward.js';

export function createStreamHandler(runtime: PodStreamRuntime): (s: StreamRequest) => void {
  return (s) => {
    if (s.subresource === 'exec') return handleExec(s, runtime);
    if (s.subresource === 'portforward') return handlePortForward(s, runtime);
    s.socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  };
}
