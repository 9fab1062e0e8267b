#!/usr/bin/env bash
# Draws a spectrogram PNG of every built-in session's reference mix and of
# each of its stems, so anyone can look at the material.
#   scripts/spectrograms.sh [OUT_DIR]   (default: target/spectrograms)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/spectrograms}
scripts/deps sox libsox-fmt-all
cargo build --release --quiet
for dir in audio-samples/*/; do
    [ -f "$dir/session.toml" ] || continue
    name=$(basename "$dir")
    mkdir -p "$out/$name"
    target/release/mixtutor render "$dir" -o "$out/$name/reference-mix.wav"
    sox "$out/$name/reference-mix.wav" -n spectrogram -x 1200 -y 513 -z 96 \
        -t "$name: reference mix" -o "$out/$name/reference-mix.png"
    rm "$out/$name/reference-mix.wav"
    for stem in "$dir"*.flac "$dir"*.ogg; do
        [ -f "$stem" ] || continue
        base=$(basename "${stem%.*}")
        sox "$stem" -n spectrogram -x 1200 -y 513 -z 96 -t "$name: $base" -o "$out/$name/$base.png"
    done
    echo "$out/$name"
done
