#!/usr/bin/env bash
# Installs what the lab's pods run (idempotent; as root): iproute2 and iptables for the pod
# networks; iputils-ping, curl, netcat-openbsd, iperf3 (the debug image); nginx-light (the nginx
# image's server); and busybox as the official busybox image has it. Debian's own busybox is built
# without the nc options (-z, -v) that image has, so upstream busybox is built from Debian's
# source package with its default configuration, as the image is, into /usr/local/lib/podnet.
# Services are not started: a policy-rc.d refuses it while installing, so nothing listens on the host.
set -euo pipefail

PACKAGES=(iproute2 iptables iputils-ping curl netcat-openbsd iperf3 nginx-light python3 bzip2 gcc make libc6-dev)
BUSYBOX=/usr/local/lib/podnet/busybox

log() { printf '[install-lab-deps] %s\n' "$*" >&2; }
[[ $EUID -eq 0 ]] || { log "run as root: the lab and its packages need root"; exit 1; }

missing=()
for p in "${PACKAGES[@]}"; do
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" == installed ]] || missing+=("$p")
done
build_busybox() {
  if [[ -x $BUSYBOX ]] && "$BUSYBOX" nc 2>&1 | grep -q -- '-z'; then
    log "busybox already built at $BUSYBOX"
    return
  fi
  local work; work="$(mktemp -d)"
  mkdir -p "$work/lists/partial"
  # apt fetches as the unprivileged _apt user when it can write there.
  chmod 755 "$work"; chown -R _apt "$work" 2>/dev/null || true
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" > "$work/src.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$work/src.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/lists")
  log "fetching busybox's source package"
  apt-get update -qq "${apt_opts[@]}"
  (cd "$work" && apt-get source --download-only -qq "${apt_opts[@]}" busybox >/dev/null 2>&1)
  mkdir -p "$work/src"
  tar -xjf "$work"/busybox_*.orig.tar.bz2 -C "$work/src" --strip-components=1
  log "building busybox (defconfig, about 30 s on 2 cores)"
  make -C "$work/src" defconfig >/dev/null
  make -C "$work/src" -j"$(nproc)" >/dev/null 2>&1
  mkdir -p "$(dirname "$BUSYBOX")"
  install -m 0755 "$work/src/busybox" "$BUSYBOX"
  rm -rf "$work"
}

if [[ ${#missing[@]} -eq 0 ]]; then
  log "already installed: ${PACKAGES[*]}"
  build_busybox
  exit 0
fi

policy=/usr/sbin/policy-rc.d
made_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  made_policy=1
fi
trap '[[ $made_policy -eq 1 ]] && rm -f "$policy"' EXIT

export DEBIAN_FRONTEND=noninteractive
log "apt-get update"
apt-get update -qq
log "apt-get install ${missing[*]}"
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
build_busybox
