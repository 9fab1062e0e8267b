#!/usr/bin/env bash
# Rebuilds the built-in sessions in audio-samples/ from the arrangements in
# examples/make_sessions, FluidR3 GM and Sonic Pi's CC0 one-shots, then
# records every file's checksum. The app and CI never need these packages:
# the rendered files are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps fluid-soundfont-gm sonic-pi-samples flac
cargo run --release --quiet --example make_sessions -- audio-samples
(cd audio-samples && sha256sum -- */*.flac */*.ogg */session.toml > SHA256SUMS)
echo "checksums: audio-samples/SHA256SUMS"
