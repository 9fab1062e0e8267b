//! The loop seam: the player's crossfade that joins the loop's end to the
//! frames before its start.

use super::Audio;
use super::player::LOOP_FADE_FRAMES;
use crate::dsp::Block;
use std::f32::consts::FRAC_PI_2;

/// Reads `input.len()` frames of `source` from `pos`. In the last
/// [`LOOP_FADE_FRAMES`] before a loop's end the material crossfades (equal
/// power) into the frames just before the loop's start, so that the jump
/// back joins two continuous pieces.
pub(super) fn read_looped(
    source: &Audio,
    pos: usize,
    region: Option<(usize, usize)>,
    input: &mut Block,
) {
    let fade = match region {
        Some((s, e)) if e - s > 2 * LOOP_FADE_FRAMES && pos < e => Some((s, e)),
        _ => None,
    };
    let at = |ch: &[f32], f: usize| ch.get(f).copied().unwrap_or(0.0);
    for c in 0..input.channels().min(source.channels.len()) {
        let src = &source.channels[c];
        let dst = input.channel_mut(c);
        for (i, y) in dst.iter_mut().enumerate() {
            let f = pos + i;
            *y = match fade {
                Some((s, e)) if f + LOOP_FADE_FRAMES >= e => {
                    let k = f + LOOP_FADE_FRAMES - e; // 0 … FADE−1
                    let t = (k as f32 + 0.5) / LOOP_FADE_FRAMES as f32;
                    let pre = (s + k).checked_sub(LOOP_FADE_FRAMES);
                    let incoming = pre.map_or(0.0, |p| at(src, p));
                    (t * FRAC_PI_2).cos() * at(src, f) + (t * FRAC_PI_2).sin() * incoming
                }
                _ => at(src, f),
            };
        }
    }
}
