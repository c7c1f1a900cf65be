#!/usr/bin/env bash
# The frame time of the map (docs/performance.md): builds the game, writes
# a 4,096-province level with 1,000,000 citizens, opens it, pans and zooms
# for 600 frames and prints the median, 95th percentile and slowest frame.
# On a desktop or a machine with a GPU it uses the display it has; without
# one it runs under Xvfb (Mesa's software renderer: lavapipe).
#   scripts/frame-time.sh [LEVEL] [FRAMES]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/free-association/target}"
frames="${2:-600}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/free-association"
level="${1:-}"
if [ -z "$level" ]; then
    level="$(mktemp -d)/big.ron"
    "$bin" generate --provinces 4096 --citizens 1000000 --polities 64 -o "$level" > /dev/null
fi
export WGPU_BACKEND="${WGPU_BACKEND:-vulkan}"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    "$bin" play "$level" --frame-times "$frames" 2>/dev/null | grep '^frames:'
else
    xvfb-run -a -s "-screen 0 1600x900x24" \
        "$bin" play "$level" --frame-times "$frames" 2>/dev/null | grep '^frames:'
fi
