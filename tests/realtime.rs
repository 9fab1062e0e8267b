// assert_no_alloc only checks (and only exports its allocator) with debug
// assertions on, as in `cargo test`.
#![cfg(debug_assertions)]

//! The graph renders block by block on the audio thread: no allocation while
//! processing, with automation, parameter glides and every processor active.

use assert_no_alloc::{AllocDisabler, assert_no_alloc};
use mixtutor::audio::Audio;
use mixtutor::dsp::{Block, MAX_BLOCK};
use mixtutor::engine::{Edit, Graph, MasterLimiter, Mix, Param, StemLayout, Target};
use mixtutor::material::signals::{pink_noise, sine};
use std::sync::Arc;

#[global_allocator]
static ALLOCATOR: AllocDisabler = AllocDisabler;

/// A mono kick (a 60 Hz sine) and a stereo pad (pink noise), `n` frames.
fn kick_and_pad(n: usize) -> (Vec<StemLayout>, Vec<Arc<Audio>>) {
    let layout = vec![
        StemLayout {
            name: "kick".into(),
            channels: 1,
        },
        StemLayout {
            name: "pad".into(),
            channels: 2,
        },
    ];
    let sources = vec![
        Arc::new(Audio {
            channels: vec![sine(60.0, 0.5, n)],
            sample_rate: 48_000,
        }),
        Arc::new(Audio {
            channels: vec![pink_noise(n, 1, -20.0), pink_noise(n, 2, -20.0)],
            sample_rate: 48_000,
        }),
    ];
    (layout, sources)
}

#[test]
fn processing_blocks_never_allocates() {
    let n = 4 * 48_000;
    let (layout, sources) = kick_and_pad(n);
    let mix = Mix::from_toml(
        r#"
[stems.kick]
gate = { threshold_db = -50.0 }
eq = [{ type = "peak", freq_hz = 60.0, gain_db = 3.0, q = 1.0 }]
comp = { threshold_db = -18.0, ratio = 4.0 }
saturation = { drive_db = 6.0 }
bus = "drums"
[stems.pad]
width = 1.5
comp = { threshold_db = -30.0, ratio = 2.0, sidechain = "kick" }
reverb = { send_db = -10.0 }
delay = { send_db = -16.0, time_ms = 300.0, ping_pong = true }
[buses.drums]
comp = { threshold_db = -10.0, ratio = 2.0 }
[master]
comp = { threshold_db = -12.0, ratio = 2.0 }
[[automation]]
target = "pad"
param = "gain_db"
points = [[0.0, 0.0], [2.0, -12.0]]
[[automation]]
target = "kick"
param = "eq.0.freq_hz"
points = [[0.0, 60.0], [2.0, 120.0]]
"#,
    )
    .unwrap();
    let mut graph = Graph::new(&layout, &mix, 120.0, MasterLimiter::On).unwrap();
    let mut out = Block::new(2, MAX_BLOCK);
    let mut position = 0;
    let mut run = |graph: &mut Graph, blocks: usize| {
        assert_no_alloc(|| {
            for _ in 0..blocks {
                out.reset(2, MAX_BLOCK);
                graph.process(&sources, position % n, &mut out);
                position += MAX_BLOCK;
            }
        });
    };
    run(&mut graph, 400);
    // A parameter edit that keeps the topology applies in place (off the
    // audio thread), then the audio thread glides to it without allocating.
    let edited = Edit::add(Target::named("kick"), Param::EqGainDb(0), -6.0)
        .apply(&mix)
        .unwrap();
    assert!(graph.update(&layout, &edited));
    run(&mut graph, 400);
    // Adding a block changes the topology: the graph refuses, the caller rebuilds.
    let new_block = Edit::set(Target::named("pad"), Param::Saturation, 0.0).apply(&mix);
    assert!(
        new_block.is_err(),
        "a bare number is not a saturation block"
    );
    let with_eq = Edit::add_eq(
        Target::named("pad"),
        mixtutor::engine::strip::EqBand {
            kind: mixtutor::engine::strip::EqType::Peak,
            freq_hz: 1000.0,
            gain_db: 3.0,
            q: 1.0,
            slope_db_oct: None,
        },
    )
    .apply(&mix)
    .unwrap();
    assert!(!graph.update(&layout, &with_eq));
}

#[test]
fn rendering_several_variants_never_allocates() {
    let n = 48_000;
    let (layout, sources) = kick_and_pad(n);
    let a = Mix::from_toml(
        r#"
[stems.kick]
eq = [{ type = "peak", freq_hz = 60.0, gain_db = 3.0 }]
comp = { threshold_db = -20.0, ratio = 4.0 }
[stems.pad]
comp = { threshold_db = -30.0, ratio = 2.0, sidechain = "kick" }
saturation = { drive_db = 6.0 }
reverb = { send_db = -10.0 }
[[automation]]
target = "pad"
param = "gain_db"
points = [[0.0, 0.0], [1.0, -12.0]]
"#,
    )
    .unwrap();
    let b = Edit::add(Target::named("kick"), Param::EqGainDb(0), -6.0)
        .apply(&a)
        .unwrap();
    let mut graph = Graph::variants(&layout, &[a, b], 120.0, MasterLimiter::On).unwrap();
    let mut outs = [Block::new(2, MAX_BLOCK), Block::new(2, MAX_BLOCK)];
    assert_no_alloc(|| {
        for k in 0..200 {
            outs[0].reset(2, MAX_BLOCK);
            graph.process_variants(&sources, (k * MAX_BLOCK) % n, &mut outs);
        }
    });
}
