#!/usr/bin/env bash
# Cuts the real-band session audio-samples/sectoid-metal-madness/ from
# "Metal madness" by Sectoid (MIT; Debian fretsonfire-songs-sectoid): the
# backing band and the lead guitar, bars 23–40 at 150 BPM (35.2 s to 64.0 s),
# sample-exact, re-encoded as Ogg Vorbis like the originals. session.toml and
# LICENSE in that folder are written by hand; this script only makes the audio.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps fretsonfire-songs-sectoid ffmpeg
src="/usr/share/games/fretsonfire/data/songs/sectoid/Metal madness"
out=audio-samples/sectoid-metal-madness
mkdir -p "$out"
cut() {
    # -ss before -i decodes and drops the lead-in, so both stems start on the
    # same sample; -bitexact keeps the output byte-identical between runs.
    ffmpeg -hide_banner -loglevel error -y -ss 35.2 -t 28.8 -i "$src/$1.ogg" \
        -map_metadata -1 -c:a libvorbis -q:a 5 -fflags +bitexact -flags:a +bitexact "$out/$2.ogg"
}
cut song band
cut guitar guitar
(cd audio-samples && sha256sum -- */*.flac */*.ogg */session.toml > SHA256SUMS)
echo "checksums: audio-samples/SHA256SUMS"
