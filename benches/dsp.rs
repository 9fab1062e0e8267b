//! Each processor on one second of stereo pink noise at 48 kHz, block by
//! block as the engine runs it. Criterion's throughput is in samples (frames)
//! per second; divide by 48 000 for × real time.

use criterion::{BatchSize, Criterion, Throughput, criterion_group};
use mixtutor::dsp::biquad::Shape;
use mixtutor::dsp::compressor::{CompSettings, Compressor, Detector};
use mixtutor::dsp::delay::{Delay, DelaySettings};
use mixtutor::dsp::eq::{BandParams, EqBand};
use mixtutor::dsp::gate::{Gate, GateSettings};
use mixtutor::dsp::limiter::Limiter;
use mixtutor::dsp::meter::{LevelMeter, LoudnessMeter};
use mixtutor::dsp::pan::FaderPan;
use mixtutor::dsp::reverb::{Reverb, ReverbSettings};
use mixtutor::dsp::saturation::{SatSettings, Saturation};
use mixtutor::dsp::width::Width;
use mixtutor::dsp::{Block, MAX_BLOCK};
use mixtutor::material::signals::pink_noise;
use std::hint::black_box;

const FS: usize = 48_000;

/// One second of stereo pink noise at −18 dBFS RMS, cut into engine blocks.
fn blocks() -> Vec<Block> {
    let l = pink_noise(FS, 1, -18.0);
    let r = pink_noise(FS, 2, -18.0);
    l.chunks(MAX_BLOCK)
        .zip(r.chunks(MAX_BLOCK))
        .map(|(l, r)| {
            let mut b = Block::new(2, l.len());
            b.channel_mut(0).copy_from_slice(l);
            b.channel_mut(1).copy_from_slice(r);
            b
        })
        .collect()
}

/// Benchmarks an in-place processor.
fn in_place<P: Clone>(c: &mut Criterion, name: &str, proc: P, run: impl Fn(&mut P, &mut Block)) {
    let input = blocks();
    let mut group = c.benchmark_group("dsp");
    group.throughput(Throughput::Elements(FS as u64));
    group.bench_function(name, |b| {
        b.iter_batched_ref(
            || (proc.clone(), input.clone()),
            |(p, blocks)| {
                for block in blocks.iter_mut() {
                    run(p, block);
                }
                black_box(blocks[0].channel(0)[0])
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// Benchmarks a send effect (input block → wet output block).
fn send<P: Clone>(
    c: &mut Criterion,
    name: &str,
    proc: P,
    run: impl Fn(&mut P, &Block, &mut Block),
) {
    let input = blocks();
    let mut group = c.benchmark_group("dsp");
    group.throughput(Throughput::Elements(FS as u64));
    group.bench_function(name, |b| {
        let mut out = Block::new(2, MAX_BLOCK);
        b.iter_batched_ref(
            || proc.clone(),
            |p| {
                for block in &input {
                    run(p, block, &mut out);
                }
                black_box(out.channel(0)[0])
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn processors(c: &mut Criterion) {
    let bell = BandParams {
        shape: Shape::Peak,
        freq_hz: 2000.0,
        gain_db: 4.0,
        q: 1.4,
    };
    in_place(c, "eq band (peak)", EqBand::new(bell), |p, b| p.process(b));
    let comp = CompSettings::default();
    in_place(c, "compressor (peak)", Compressor::new(comp), |p, b| {
        p.process(b, None)
    });
    let rms = CompSettings {
        detector: Detector::Rms,
        ..comp
    };
    in_place(c, "compressor (rms)", Compressor::new(rms), |p, b| {
        p.process(b, None)
    });
    let gate = GateSettings {
        threshold_db: -30.0,
        range_db: 40.0,
        attack_ms: 1.0,
        hold_ms: 20.0,
        release_ms: 100.0,
    };
    in_place(c, "gate", Gate::new(gate), |p, b| p.process(b));
    let sat = SatSettings {
        drive_db: 9.0,
        mix: 1.0,
    };
    in_place(
        c,
        "saturation (4x oversampled)",
        Saturation::new(sat),
        |p, b| p.process(b),
    );
    in_place(c, "width", Width::new(1.5), |p, b| p.process(b));
    in_place(c, "fader and pan", FaderPan::new(-3.0, 0.3), |p, b| {
        p.process(b)
    });
    in_place(c, "true-peak limiter", Limiter::new(-1.0, 100.0), |p, b| {
        p.process(b)
    });
    in_place(c, "level meter", LevelMeter::default(), |p, b| p.observe(b));
    in_place(c, "loudness meter", LoudnessMeter::default(), |p, b| {
        p.observe(b)
    });
    send(
        c,
        "reverb (FDN, 1.8 s)",
        Reverb::new(ReverbSettings::default()),
        |p, i, o| p.process(i, o),
    );
    send(
        c,
        "delay (ping-pong)",
        Delay::new(DelaySettings {
            ping_pong: true,
            ..DelaySettings::default()
        }),
        |p, i, o| p.process(i, o),
    );
}

criterion_group!(benches, processors);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
