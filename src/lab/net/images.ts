// Images decide what runs in a pod and which tools `kubectl exec` finds there, as real images
// do: nginx serves the real welcome page and has curl but no ping; busybox has busybox's ping,
// wget, nc, nslookup and telnet; distroless has nothing; the debug image has everything.

/** Where a tool comes from on the host: a busybox applet, or a host binary. */
export type ToolSource = { applet: string } | { binary: string };

export type ServerSpec =
  | { kind: 'http'; port: number }
  | { kind: 'tcp'; port: number; protocol: 'postgres' | 'redis' }
  | { kind: 'dns'; port: number }
  | { kind: 'metrics'; port: number };

export interface ImageSpec {
  key: string;
  /** The image's commands; 'all-applets' for every applet the lab's busybox has. */
  tools: Record<string, ToolSource> | 'all-applets';
  /** Runs the host's nginx on :80 with the stock welcome page. */
  nginx: boolean;
  /** Servers the pod agent runs, given the container's declared ports. */
  servers: (ports: number[]) => ServerSpec[];
}

const SHELL_BASICS = ['sh', 'tty', 'stty', 'clear', 'ls', 'cat', 'echo', 'env', 'sleep', 'true', 'false', 'id', 'hostname', 'ps', 'kill', 'head', 'tail', 'grep', 'sed', 'awk', 'date', 'uname', 'pwd', 'mkdir', 'rm', 'cp', 'mv', 'tr', 'wc', 'sort', 'test', '['];

const applets = (names: string[]) => Object.fromEntries(names.map((n) => [n, { applet: n }]));
const binaries = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([n, b]) => [n, { binary: b }]));

const IMAGES: { match: RegExp; spec: ImageSpec }[] = [
  {
    // The busybox image links every applet of its busybox into /bin.
    match: /^(docker\.io\/)?(library\/)?busybox$/,
    spec: { key: 'busybox', tools: 'all-applets', nginx: false, servers: () => [] },
  },
  {
    match: /^(docker\.io\/)?(library\/)?nginx$/,
    spec: { key: 'nginx', tools: { ...applets(SHELL_BASICS), ...binaries({ curl: '/usr/bin/curl' }) }, nginx: true, servers: () => [] },
  },
  {
    match: /^(docker\.io\/)?podnet\/lab-app$/,
    spec: { key: 'lab-app', tools: applets(SHELL_BASICS), nginx: false, servers: (ports) => ports.map((port) => ({ kind: 'http', port })) },
  },
  {
    match: /^(docker\.io\/)?(library\/)?postgres$/,
    spec: { key: 'postgres', tools: applets(SHELL_BASICS), nginx: false, servers: (ports) => ports.map((port) => ({ kind: 'tcp', port, protocol: 'postgres' })) },
  },
  {
    match: /^(docker\.io\/)?(library\/)?redis$/,
    spec: { key: 'redis', tools: applets(SHELL_BASICS), nginx: false, servers: (ports) => ports.map((port) => ({ kind: 'tcp', port, protocol: 'redis' })) },
  },
  {
    match: /^gcr\.io\/distroless\//,
    spec: { key: 'distroless', tools: {}, nginx: false, servers: (ports) => ports.map((port) => ({ kind: 'http', port })) },
  },
  {
    match: /^registry\.k8s\.io\/coredns\/coredns$/,
    spec: { key: 'coredns', tools: {}, nginx: false, servers: () => [{ kind: 'dns', port: 53 }, { kind: 'metrics', port: 9153 }] },
  },
  {
    // The lab's debug image, also under the names people use for one (netshoot).
    match: /^(docker\.io\/)?(podnet\/debug|nicolaka\/netshoot)$/,
    spec: {
      key: 'debug',
      tools: {
        ...applets([...SHELL_BASICS, 'nslookup', 'telnet', 'traceroute', 'ip', 'netstat', 'timeout', 'seq', 'printf', 'wget']),
        ...binaries({ ping: '/usr/bin/ping', curl: '/usr/bin/curl', nc: '/usr/bin/nc', iperf3: '/usr/bin/iperf3' }),
      },
      nginx: false,
      servers: () => [],
    },
  },
];

export const DEBUG_IMAGE = 'podnet/debug:1.0';

/** Upstream busybox built with its default configuration, as the official image has it (scripts/install-lab-deps.sh). */
export const BUSYBOX = '/usr/local/lib/podnet/busybox';

/** The image's spec, or undefined when the lab has no such image (the pod gets ErrImagePull). */
export function imageSpec(image: string): ImageSpec | undefined {
  const repo = image.replace(/@sha256:.*$/, '').replace(/:[^/:]+$/, '');
  return IMAGES.find((i) => i.match.test(repo))?.spec;
}

/** Host binaries every image's tools come from; the lab checks them before it starts. */
export function hostBinariesNeeded(): string[] {
  const set = new Set<string>([BUSYBOX, '/usr/sbin/nginx']);
  for (const { spec } of IMAGES) {
    if (spec.tools === 'all-applets') continue;
    for (const t of Object.values(spec.tools)) if ('binary' in t) set.add(t.binary);
  }
  return [...set];
}
