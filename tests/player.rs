// assert_no_alloc only checks with debug assertions on, as in `cargo test`.
#![cfg(debug_assertions)]

//! The real-time player, driven as an audio callback would drive it: no
//! allocation in the callback, switches and loop seams without clicks, and
//! a switch that starts within one block of its request.

use assert_no_alloc::{AllocDisabler, assert_no_alloc};
use mixtutor::audio::Audio;
use mixtutor::audio::player::{Command, Controller, Player, Program, SWITCH_FADE_FRAMES, player};
use mixtutor::engine::{
    Edit, Graph, MasterLimiter, Mix, MixValues, Param, Session, StemLayout, Target,
};
use mixtutor::material::signals::{pink_noise, sine};
use std::sync::Arc;

#[global_allocator]
static ALLOCATOR: AllocDisabler = AllocDisabler;

const BLOCK: usize = 256;

fn music_layout() -> Vec<StemLayout> {
    vec![StemLayout {
        name: "music".into(),
        channels: 2,
    }]
}

/// A program of one stereo stem with `mixes` as the variants.
fn program(left: Vec<f32>, right: Vec<f32>, mixes: &[Mix]) -> Box<Program> {
    let layout = music_layout();
    let sources = vec![Arc::new(Audio {
        channels: vec![left, right],
        sample_rate: 48_000,
    })];
    let graphs = mixes
        .iter()
        .map(|m| Graph::new(&layout, m, 120.0, MasterLimiter::On).expect("graph"))
        .collect();
    Box::new(Program::of_mixes(&sources, graphs).expect("program"))
}

fn gain_mix(db: f64) -> Mix {
    Edit::add(Target::named("music"), Param::GainDb, db)
        .apply(&Mix::default())
        .expect("mix")
}

/// Runs the callback for `blocks` blocks, calling `between(block index,
/// controller)` before each; returns the left channel heard.
fn run(
    controller: &mut Controller,
    player: &mut Player,
    blocks: usize,
    mut between: impl FnMut(usize, &mut Controller),
) -> Vec<f32> {
    let mut heard = Vec::with_capacity(blocks * BLOCK);
    let mut buffer = vec![0.0f32; 2 * BLOCK];
    for b in 0..blocks {
        between(b, controller);
        assert_no_alloc(|| player.render(&mut buffer));
        heard.extend(buffer.iter().step_by(2));
        controller.poll();
    }
    heard
}

/// The largest step from one sample to the next.
fn largest_step(x: &[f32]) -> f32 {
    x.windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0.0, f32::max)
}

#[test]
fn the_callback_never_allocates_while_playing_switching_seeking_and_looping() {
    let n = 48_000 * 4;
    let (mut controller, mut player) = player();
    let noise = pink_noise(n, 3, -20.0);
    controller
        .send(Command::Load(program(
            noise.clone(),
            noise,
            &[Mix::default(), gain_mix(-3.0), gain_mix(2.0)],
        )))
        .expect("sent");
    controller.send(Command::Play).expect("sent");
    let heard = run(&mut controller, &mut player, 3000, |b, c| {
        let command = match b % 50 {
            7 => Command::Select(b % 3),
            13 => Command::StemGain {
                variant: 1,
                stem: 0,
                gain_db: -((b % 7) as f32),
            },
            21 if b % 200 == 21 => Command::Seek((b * 997) % n),
            29 if b % 300 == 29 => Command::Loop(Some((10_000, 30_000))),
            29 if b % 300 == 179 => Command::Loop(None),
            37 if b % 400 == 37 => Command::Pause,
            41 if b % 400 == 41 => Command::Play,
            45 => Command::Mix {
                variant: b % 3,
                values: Box::new(MixValues::of(&music_layout(), &gain_mix(-((b % 5) as f64)))),
            },
            _ => return,
        };
        c.send(command).expect("sent");
    });
    assert!(heard.iter().any(|x| x.abs() > 0.01), "it played");
    assert!(controller.status.momentary_lufs.is_finite());
}

#[test]
fn switching_every_137_ms_makes_no_click() {
    // A sine, and the same sine 6 dB down in B: a switch is a level change
    // spread over 10 ms, never a step larger than the sine's own.
    let n = 48_000 * 3;
    let s = sine(440.0, 0.25, n);
    let (mut controller, mut player) = player();
    controller
        .send(Command::Load(program(
            s.clone(),
            s,
            &[Mix::default(), gain_mix(-6.0)],
        )))
        .expect("sent");
    controller.send(Command::Play).expect("sent");
    let every = 137 * 48;
    let mut next = every;
    let mut variant = 0;
    let heard = run(&mut controller, &mut player, n / BLOCK - 10, |b, c| {
        if b * BLOCK >= next {
            next += every;
            variant = 1 - variant;
            c.send(Command::Select(variant)).expect("sent");
        }
    });
    // Past the start ramp: the sine's own largest step at the louder level,
    // plus 1 dB.
    let steady = &heard[4_800..];
    let own = 2.0 * std::f32::consts::PI * 440.0 / 48_000.0 * 0.25 * db(0.0);
    let step = largest_step(steady);
    assert!(
        step <= own * db(1.0),
        "largest step {step:.5}, the sine's own {own:.5}"
    );
    assert!(
        controller.switches.len() >= 15,
        "{} switches",
        controller.switches.len()
    );
}

fn db(x: f32) -> f32 {
    10f32.powf(x / 20.0)
}

#[test]
fn a_switch_starts_within_one_block_of_its_request() {
    // A is a sine, B silence: the crossfade's start is the first sample
    // that falls below the sine's envelope.
    let n = 48_000 * 2;
    let s = sine(1000.0, 0.25, n);
    let (mut controller, mut player) = player();
    controller
        .send(Command::Load(program(
            s.clone(),
            s,
            &[Mix::default(), gain_mix(-120.0)],
        )))
        .expect("sent");
    controller.send(Command::Play).expect("sent");
    let request_block = 100;
    let heard = run(&mut controller, &mut player, 130, |b, c| {
        if b == request_block {
            c.send(Command::Select(1)).expect("sent");
        }
    });
    let requested = request_block * BLOCK;
    // The sine's peak amplitude over each 1 ms shows where the fade began.
    let envelope = |i: usize| heard[i..i + 48].iter().fold(0.0f32, |m, x| m.max(x.abs()));
    let full = envelope(requested - 480);
    let start = (requested - 480..heard.len() - 48)
        .find(|&i| envelope(i) < 0.99 * full)
        .expect("the fade happened");
    assert!(
        start <= requested + BLOCK,
        "requested at {requested}, fade from about {start}"
    );
    assert_eq!(
        controller.switches.first().map(|s| s.1),
        Some(requested as u64)
    );
    // It is over within 10 ms.
    assert!(envelope(requested + SWITCH_FADE_FRAMES + 48) < 0.01 * full);
}

#[test]
fn loop_seams_are_continuous_and_positions_exact() {
    // A slow sine looped over a stretch that does not hold a whole number
    // of periods: without the seam's crossfade the jump back is a step.
    let n = 48_000 * 2;
    let s = sine(220.0, 0.25, n);
    let (start, end) = (12_345, 12_345 + 20_011);
    let (mut controller, mut player) = player();
    controller
        .send(Command::Load(program(s.clone(), s, &[Mix::default()])))
        .expect("sent");
    controller
        .send(Command::Loop(Some((start, end))))
        .expect("sent");
    controller.send(Command::Seek(start)).expect("sent");
    controller.send(Command::Play).expect("sent");
    let blocks = 3 * (end - start) / BLOCK;
    let mut positions = Vec::new();
    let heard = run(&mut controller, &mut player, blocks, |_, c| {
        positions.push(c.status.frame)
    });
    let steady = &heard[4_800..];
    let own = 2.0 * std::f32::consts::PI * 220.0 / 48_000.0 * 0.25;
    let step = largest_step(steady);
    assert!(
        step <= own * db(1.0),
        "largest step {step:.5}, own {own:.5}"
    );
    // Positions stay inside the loop, and after k callbacks the player is
    // exactly k·256 frames further, wrapped.
    assert!(
        positions
            .iter()
            .skip(10)
            .all(|&p| (start..end).contains(&p))
    );
    let played = blocks * BLOCK;
    assert_eq!(player.position(), start + played % (end - start));
}

#[test]
fn a_desk_edit_glides_to_the_new_level_in_place() {
    // A fader moved to −6 dB while playing: the sine ends exactly 6 dB
    // down, with no step on the way.
    let n = 48_000 * 2;
    let s = sine(500.0, 0.25, n);
    let (mut controller, mut player) = player();
    controller
        .send(Command::Load(program(s.clone(), s, &[Mix::default()])))
        .expect("sent");
    controller.send(Command::Play).expect("sent");
    let heard = run(&mut controller, &mut player, 200, |b, c| {
        if b == 100 {
            let values = Box::new(MixValues::of(&music_layout(), &gain_mix(-6.0)));
            c.send(Command::Mix { variant: 0, values }).expect("sent");
        }
    });
    let peak = |r: std::ops::Range<usize>| heard[r].iter().fold(0.0f32, |m, x| m.max(x.abs()));
    let before = peak(90 * BLOCK..100 * BLOCK);
    let after = peak(190 * BLOCK..200 * BLOCK);
    let change_db = 20.0 * (after / before).log10();
    assert!((change_db + 6.0).abs() < 0.05, "moved {change_db:.3} dB");
    let own = 2.0 * std::f32::consts::PI * 500.0 / 48_000.0 * before;
    assert!(largest_step(&heard[95 * BLOCK..]) <= own * db(0.1));
}

/// A built-in session's stems with its reference mix and a changed one.
fn session_program(change: &Edit) -> (Box<Program>, usize) {
    let dir = Session::locate("house-night-drive", None).expect("session");
    let session = Session::load(&dir).expect("loads");
    let layout = session.layout();
    let a = session.manifest.mix.clone();
    let b = change.apply(&a).expect("change applies");
    let graphs = [a, b]
        .iter()
        .map(|m| Graph::new(&layout, m, session.manifest.tempo_bpm, MasterLimiter::On))
        .collect::<Result<Vec<_>, _>>()
        .expect("graphs");
    let frames = session.frames();
    (
        Box::new(Program::of_mixes(&session.sources(), graphs).expect("program")),
        frames,
    )
}

/// Plays `blocks` blocks of the session pair, switching every `every`
/// frames when given, else staying on `variant`; returns the left channel
/// and the output frames where switches began.
fn capture_pair(
    change: &Edit,
    blocks: usize,
    every: Option<usize>,
    variant: usize,
) -> (Vec<f32>, Vec<u64>) {
    let (program, _) = session_program(change);
    let (mut controller, mut player) = player();
    controller.send(Command::Load(program)).expect("sent");
    controller.send(Command::Select(variant)).expect("sent");
    controller.send(Command::Play).expect("sent");
    let mut next = every.unwrap_or(usize::MAX);
    let mut current = variant;
    let heard = run(&mut controller, &mut player, blocks, |b, c| {
        if b * BLOCK >= next {
            next += every.unwrap_or(usize::MAX);
            current = 1 - current;
            c.send(Command::Select(current)).expect("sent");
        }
    });
    let switches = controller.switches.iter().map(|s| s.1).collect();
    (heard, switches)
}

/// Energy of the first difference (a broadband, treble-weighted measure)
/// over `range`, dB.
fn edge_energy_db(x: &[f32], range: std::ops::Range<usize>) -> f64 {
    let e: f64 = x[range]
        .windows(2)
        .map(|w| ((w[1] - w[0]) as f64).powi(2))
        .sum();
    10.0 * e.max(1e-30).log10()
}

#[test]
fn switching_a_full_mix_every_137_ms_makes_no_click_and_no_burst() {
    // A and B of a real drill: the house session, B with the vocal 3 dB up.
    let change = Edit::add(Target::named("vocal"), Param::GainDb, 3.0);
    let blocks = 6 * 48_000 / BLOCK;
    let (switched, switches) = capture_pair(&change, blocks, Some(137 * 48), 0);
    let (a, _) = capture_pair(&change, blocks, None, 0);
    let (b, _) = capture_pair(&change, blocks, None, 1);
    assert!(switches.len() >= 35, "{} switches", switches.len());
    let start = 4_800;
    let own = largest_step(&a[start..]).max(largest_step(&b[start..]));
    let step = largest_step(&switched[start..]);
    assert!(
        step <= own * db(1.0),
        "largest step {step:.5}, own {own:.5}"
    );
    // Over each crossfade (and the block before it), the broadband energy
    // stays within 1 dB of the louder of A and B there.
    let mut worst = f64::NEG_INFINITY;
    for &f in &switches {
        let f = f as usize;
        if f < start || f + SWITCH_FADE_FRAMES + BLOCK > switched.len() {
            continue;
        }
        let range = f - BLOCK..f + SWITCH_FADE_FRAMES;
        let own = edge_energy_db(&a, range.clone()).max(edge_energy_db(&b, range.clone()));
        worst = worst.max(edge_energy_db(&switched, range) - own);
    }
    assert!(
        worst <= 1.0,
        "a switch added {worst:.2} dB of broadband energy"
    );
}
