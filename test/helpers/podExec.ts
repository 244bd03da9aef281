// Exec into a lab pod through @kubernetes/client-node, as podnet itself will: collect stdout,
// stderr and the exit code from the Status on the error channel.
import { Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  status: V1Status;
}

export function kubeConfig(path: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  if (context) kc.setCurrentContext(context);
  return kc;
}

export function execInPod(kc: KubeConfig, namespace: string, pod: string, argv: string[], container = '', timeoutMs = 30_000): Promise<ExecResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`exec ${argv.join(' ')} timed out; stdout so far: ${stdout}`)), timeoutMs);
    new Exec(kc)
      .exec(namespace, pod, container, argv, out, err, null, false, (status) => {
        clearTimeout(timer);
        // The status arrives before the socket closes; let the last output frames land first.
        setTimeout(() => ok({ stdout, stderr, exitCode: exitCodeOf(status), status }), 50);
      })
      .catch((e) => {
        clearTimeout(timer);
        fail(e);
      });
  });
}

export function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause ? Number(cause.message) : -1;
}
