#!/usr/bin/env bash
# Builds tests/fixtures/import-stems/: short excerpts of built-in stems in the
# formats people bring (WAV 44.1 kHz/16-bit, FLAC 96 kHz/24-bit, MP3, Ogg
# Vorbis, 48 kHz/24-bit WAV; mono and stereo; different lengths) plus one
# damaged file. The files are committed; only rebuilding them needs ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps ffmpeg
src=audio-samples/hiphop-low-orbit
out=tests/fixtures/import-stems
rm -rf "$out"
mkdir -p "$out"
# The output options go last; +bitexact keeps files byte-identical between runs.
ff() {
    local out=${!#}
    ffmpeg -hide_banner -loglevel error -y "${@:1:$#-1}" -fflags +bitexact -flags:a +bitexact "$out"
}
ff -i "$src/kick.flac" -t 2.0 -ar 44100 -c:a pcm_s16le "$out/01 Kick.wav"
ff -i "$src/sub.flac" -t 2.0 -ar 96000 -c:a flac -sample_fmt s32 -bits_per_raw_sample 24 "$out/02 808 Sub.flac"
ff -i "$src/hats.flac" -t 1.0 -ar 48000 -c:a pcm_s24le "$out/03 HiHats.wav"
ff -i "$src/pad.flac" -t 1.5 -ar 44100 -c:a libmp3lame -b:a 96k "$out/04 Pad.mp3"
ff -i "$src/vocal.flac" -t 2.0 -ar 32000 -c:a libvorbis -q:a 3 "$out/05 LeadVox.ogg"
# A file that claims to be WAV but holds noise from byte 0: it must be named
# in the report while the others import.
python3 -c "
import random, sys
random.seed(7)
sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(4096)))
" > "$out/06 Snare.wav"
ls -l "$out"
