//! Several mixes of the same stems rendered together (the A, B and C of a
//! drill): stems whose strips the mixes have in common go through their
//! lane processors once, and every variant still comes out exactly as its
//! mix renders alone.

mod common;

use common::session::{eight_stems, full_mix};
use mixtutor::audio::Audio;
use mixtutor::dsp::{Block, MAX_BLOCK};
use mixtutor::engine::{Edit, Graph, MasterLimiter, Mix, Param, StemLayout, Target};
use std::sync::Arc;

const FS: usize = 48_000;

/// Renders `frames` frames of `graph`'s mixes, each into its own channels.
fn render(graph: &mut Graph, sources: &[Arc<Audio>], frames: usize) -> Vec<[Vec<f32>; 2]> {
    let count = graph.variant_count();
    let mut outs: Vec<Block> = (0..count).map(|_| Block::new(2, MAX_BLOCK)).collect();
    let mut rendered = vec![[Vec::new(), Vec::new()]; count];
    let mut t = 0;
    // Ragged blocks, as the player's callbacks come.
    let sizes = [MAX_BLOCK, 37, 200, 1, 128];
    let mut k = 0;
    while t < frames {
        let len = sizes[k % sizes.len()].min(frames - t);
        k += 1;
        outs[0].reset(2, len);
        graph.process_variants(sources, t, &mut outs);
        for (out, r) in outs.iter().zip(&mut rendered) {
            assert_eq!(out.len(), len);
            for (ch, samples) in r.iter_mut().enumerate() {
                samples.extend_from_slice(out.channel(ch));
            }
        }
        t += len;
    }
    rendered
}

/// Renders each mix through a graph of its own, and all together, and
/// checks they agree bit for bit; returns the graph of all of them.
fn check_each_variant_renders_as_alone(
    layout: &[StemLayout],
    sources: &[Arc<Audio>],
    mixes: &[Mix],
) -> Graph {
    let frames = 2 * FS;
    let mut together =
        Graph::variants(layout, mixes, 120.0, MasterLimiter::On).expect("the variants build");
    let shared = render(&mut together, sources, frames);
    for (v, mix) in mixes.iter().enumerate() {
        let mut alone = Graph::new(layout, mix, 120.0, MasterLimiter::On).expect("the mix builds");
        let own = render(&mut alone, sources, frames);
        for ch in 0..2 {
            let first_difference = shared[v][ch]
                .iter()
                .zip(&own[0][ch])
                .position(|(a, b)| a.to_bits() != b.to_bits());
            assert_eq!(
                first_difference, None,
                "variant {v}, channel {ch}: the shared render differs from its own"
            );
        }
        // The variants are not all the same signal (a test that compared a
        // mix with itself would pass anything).
        if v > 0 {
            assert_ne!(shared[v][0], shared[0][0], "variant {v} sounds like A");
        }
    }
    together
}

#[test]
fn a_drill_s_variants_render_as_they_do_alone_sharing_the_unchanged_stems() {
    let (layout, sources) = eight_stems(3);
    let a = full_mix();
    // B: a hidden EQ change on the bass (which the kick keys); C: the
    // kick's compressor (the key stays the kick's input) and a fader.
    let b = Edit::add(Target::named("bass"), Param::EqGainDb(1), 4.0)
        .apply(&a)
        .unwrap();
    let c = Edit::add(Target::named("kick"), Param::CompThresholdDb, -6.0)
        .apply(&a)
        .and_then(|c| Edit::add(Target::named("snare"), Param::GainDb, -3.0).apply(&c))
        .unwrap();
    let graph = check_each_variant_renders_as_alone(&layout, &sources, &[a, b, c]);
    // Eight stems for A, and one more lane strip each for B's bass and C's
    // kick; C's snare differs only in its fader, after the lanes.
    assert_eq!(graph.lane_strip_count(), 10);
}

#[test]
fn automation_shares_a_strip_only_when_it_moves_its_eq_the_same_way() {
    let (layout, sources) = eight_stems(3);
    let automated = |eq_to: f32, fader_to: f32| {
        let mut toml = toml::to_string(&full_mix()).unwrap();
        toml += &format!(
            r#"
[[automation]]
target = "snare"
param = "eq.0.freq_hz"
points = [[0.2, 200.0], [1.5, {eq_to}]]
[[automation]]
target = "keys"
param = "gain_db"
points = [[0.0, 0.0], [1.0, {fader_to}]]
[[automation]]
target = "master"
param = "eq.0.gain_db"
points = [[0.0, 1.0], [1.0, {master_to}]]
[[automation]]
target = "drums"
param = "gain_db"
points = [[0.0, 0.0], [1.0, {bus_to}]]
"#,
            master_to = fader_to / 3.0,
            bus_to = fader_to / 2.0
        );
        Mix::from_toml(&toml).unwrap()
    };
    // The same EQ sweep with different fader, bus and master rides shares
    // every stem strip's lanes; a different sweep needs the snare's own.
    let a = automated(800.0, -6.0);
    let b = automated(800.0, -12.0);
    let c = automated(1600.0, -6.0);
    let graph = check_each_variant_renders_as_alone(&layout, &sources, &[a, b, c]);
    assert_eq!(graph.lane_strip_count(), 9);
}

#[test]
fn mixes_with_nothing_in_common_get_lanes_of_their_own() {
    let (layout, sources) = eight_stems(2);
    let a = full_mix();
    let mut b = a.clone();
    for strip in b.stems.values_mut() {
        strip.gate = Some(toml::from_str("threshold_db = -40.0").unwrap());
    }
    let graph = check_each_variant_renders_as_alone(&layout, &sources, &[a, b]);
    assert_eq!(graph.lane_strip_count(), 16);
}

#[test]
fn a_graph_of_several_mixes_refuses_live_edits() {
    let (layout, _) = eight_stems(1);
    let a = full_mix();
    let b = Edit::add(Target::named("bass"), Param::EqGainDb(1), 4.0)
        .apply(&a)
        .unwrap();
    let mut graph = Graph::variants(&layout, &[a.clone(), b], 120.0, MasterLimiter::On).unwrap();
    let edited = Edit::add(Target::named("vocal"), Param::GainDb, -2.0)
        .apply(&a)
        .unwrap();
    assert!(!graph.update(&layout, &edited));
    assert!(Graph::variants(&layout, &[], 120.0, MasterLimiter::On).is_err());
}

#[test]
fn stems_read_in_place_render_as_stems_copied_block_by_block() {
    // `process` feeds the lanes straight from the stems' samples where they
    // cover a block; `process_with` (the player's way) copies them into
    // blocks first. Across the stems' end (silence after it) both agree.
    let (layout, sources) = eight_stems(2);
    let mix = full_mix();
    let mut in_place = Graph::new(&layout, &mix, 120.0, MasterLimiter::On).unwrap();
    let mut copied = Graph::new(&layout, &mix, 120.0, MasterLimiter::On).unwrap();
    let (mut a, mut b) = (Block::new(2, MAX_BLOCK), Block::new(2, MAX_BLOCK));
    let end = sources[0].frames();
    let mut t = end - FS / 2 - 100;
    let mut heard = 0.0f32;
    while t < end + FS / 4 {
        a.reset(2, 200);
        b.reset(2, 200);
        in_place.process(&sources, t, &mut a);
        copied.process_with(t, &mut b, |stem, input| {
            for ch in 0..input.channels() {
                let src = &sources[stem].channels[ch];
                for (k, x) in input.channel_mut(ch).iter_mut().enumerate() {
                    *x = src.get(t + k).copied().unwrap_or(0.0);
                }
            }
        });
        for ch in 0..2 {
            let same = a
                .channel(ch)
                .iter()
                .zip(b.channel(ch))
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "frame {t}, channel {ch}");
            heard = heard.max(a.channel(ch).iter().fold(0.0, |m, x| m.max(x.abs())));
        }
        t += 200;
    }
    assert!(heard > 0.01, "the mix is silent ({heard})");
}
