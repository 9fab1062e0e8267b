#!/usr/bin/env bash
# Times `mixtutor process` against sox on the same chain: four peaking EQs,
# a compressor and a reverb over 60 s of stereo 48 kHz pink noise.
# Prints each tool's best wall time of five runs and the ratio.
# Budget (issue 2): mixtutor at least 3x faster than sox.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps sox
cargo build --release --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sox -n -r 48000 -c 2 -b 32 -e floating-point "$work/pink.wav" synth 60 pinknoise vol 0.25

cat >"$work/chain.toml" <<'TOML'
eq = [
  { type = "peak", freq_hz = 100.0, gain_db = 3.0, q = 1.0 },
  { type = "peak", freq_hz = 500.0, gain_db = -2.0, q = 1.0 },
  { type = "peak", freq_hz = 2000.0, gain_db = 2.0, q = 1.0 },
  { type = "peak", freq_hz = 8000.0, gain_db = 1.0, q = 1.0 },
]
comp = { threshold_db = -20.0, ratio = 4.0, attack_ms = 10.0, release_ms = 100.0, knee_db = 6.0 }
reverb = { send_db = -12.0, decay_s = 1.8, predelay_ms = 20.0 }
TOML

# Best of five wall-clock runs, in seconds.
best() {
    local best=""
    for _ in 1 2 3 4 5; do
        local start end t
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s.%N)
        t=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
        best=$(awk -v t="$t" -v m="${best:-inf}" 'BEGIN { print (m == "inf" || t < m) ? t : m }')
    done
    echo "$best"
}

mt=$(best target/release/mixtutor process "$work/pink.wav" --strip "$work/chain.toml" -o "$work/mixtutor.wav")
sx=$(best sox "$work/pink.wav" "$work/sox.wav" \
    equalizer 100 1q 3 equalizer 500 1q -2 equalizer 2000 1q 2 equalizer 8000 1q 1 \
    compand 0.01,0.1 6:-70,-70,-20,-20,0,-15 0 \
    reverb 50 50 100 100 20)

awk -v mt="$mt" -v sx="$sx" 'BEGIN {
    printf "mixtutor process: %.3f s\nsox:              %.3f s\n", mt, sx
    printf "mixtutor is %.1fx faster than sox (budget: 3x)\n", sx / mt
}'
