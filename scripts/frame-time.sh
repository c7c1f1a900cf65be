#!/usr/bin/env bash
# The frame time of the map (docs/performance.md): builds the game, writes
# a 4,096-province level with 1,000,000 citizens, opens it, pans and zooms
# for 600 frames and prints the median, 95th percentile and slowest frame.
# With a display (DISPLAY or WAYLAND_DISPLAY set) it opens the game's
# window, panels included. Without one it draws the map offscreen into a
# 1600x900 image (`play --offscreen`: no window, no egui panels, no Xvfb
# needed), which is how it runs on a GPU machine with no display server;
# FRAME_TIME_WINDOW=1 asks for the window under Xvfb instead (panels
# included; Xvfb's window is usually drawn by Mesa's software renderer,
# lavapipe, even on a machine with a GPU).
#   scripts/frame-time.sh [LEVEL] [FRAMES]
#   FRAME_TIME_WINDOW=1 scripts/frame-time.sh [LEVEL] [FRAMES]
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
log="$(mktemp)"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    run=("$bin" play "$level" --frame-times "$frames")
elif [ "${FRAME_TIME_WINDOW:-0}" = 1 ]; then
    run=(xvfb-run -a -s "-screen 0 1600x900x24" "$bin" play "$level" --frame-times "$frames")
else
    run=("$bin" play "$level" --frame-times "$frames" --offscreen)
fi
if ! "${run[@]}" 2>"$log" | grep '^frames:'; then
    # No frames line: say why (no GPU found, no Vulkan loader, ...).
    echo "frame-time: the game measured nothing; the last of its log:" >&2
    tail -n 20 "$log" >&2
    exit 1
fi
