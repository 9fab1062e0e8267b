#!/usr/bin/env bash
# Opens the real app in a virtual X display (Xvfb, no GPU: the CPU
# renderer), clicks through it as a learner would and takes a screenshot of
# every screen: welcome, home, a lesson, a drill before and after answering,
# the mixing desk, reference A/B, progress (after a few answers practised in
# the terminal) and settings.
#   scripts/screenshots.sh [OUT_DIR]   (default: target/screenshots)
# The window is 1280x800 at the top left of the display; the clicks are
# positions in it, so a layout change may need them moved.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/screenshots}
mkdir -p "$out"
scripts/deps xvfb xdotool imagemagick
cargo build --quiet
bin=target/debug/mixtutor

data=$(mktemp -d)
export XDG_RUNTIME_DIR=$(mktemp -d)
display=:87
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() {
    [ -n "$app" ] && kill "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$data" "$XDG_RUNTIME_DIR"
}
trap cleanup EXIT
export DISPLAY=$display

# A reference in the library: another session's mix stands in for a record.
"$bin" render rock-red-line -o "$data/reference.wav" >/dev/null 2>&1
"$bin" --data-dir "$data" import --reference "$data/reference.wav" >/dev/null 2>&1

# A few answers first, so the progress screen has something to draw.
printf '1\n2\n3\n2\n1\n4\n2\n3\n' |
    "$bin" --data-dir "$data" practice eq-octaves-pink --questions 8 --seed 3 >/dev/null 2>&1 || true

start() {
    "$bin" --data-dir "$data" >/dev/null 2>&1 &
    app=$!
    for _ in $(seq 50); do
        window=$(xdotool search --name '^mixtutor' 2>/dev/null | head -1 || true)
        [ -n "$window" ] && break
        sleep 0.2
    done
    [ -n "$window" ] || { echo "the window did not open" >&2; exit 1; }
    sleep 2
}
shot() {
    sleep "${2:-1.5}"
    import -window root -crop 1280x800+0+0 "$out/$1.png"
    echo "$out/$1.png"
}
click() {
    xdotool mousemove "$1" "$2" click 1
}
key() {
    xdotool windowfocus "$window" 2>/dev/null || true
    xdotool key --window "$window" "$@"
}

start
shot 01-welcome
click 200 285                   # Skip the checks
shot 02-home
click 110 470                   # Octave bands on pink noise
shot 03-lesson
click 952 97                    # Start drill
shot 04-drill 4
key 1 Return                    # choose the first band, check
shot 05-feedback 4
click 487 38                    # Mixing desk (Home, Lesson, Drill before it)
shot 06-desk 5
click 613 38                    # Reference
click 843 231                   # Compare (the desk's mix against it)
shot 07-reference 30
click 730 38                    # Progress
shot 08-progress 3
click 838 38                    # Settings
shot 09-settings
