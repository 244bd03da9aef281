#!/usr/bin/env bash
# Records demo.gif from the real binary against the built-in lab, in a real terminal: xterm under
# Xvfb, screen grabbed by ffmpeg, keys typed through tmux (the storyboard is scripts/demo/story.mjs).
# Needs root (the lab), a built dist/podnet.js and the lab's packages; installs xvfb, xterm, ffmpeg,
# gifsicle and a font when missing. Re-run it after a UI change: bash scripts/demo/record.sh [OUT.gif]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-demo.gif}"
need=()
for b in Xvfb xterm ffmpeg gifsicle xwininfo; do command -v "$b" >/dev/null || need+=("$b"); done
if ((${#need[@]})); then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q xvfb xterm ffmpeg gifsicle x11-utils fonts-dejavu-core
fi
[[ -x dist/podnet.js ]] || npm run build
exec node scripts/demo/story.mjs "$out"
