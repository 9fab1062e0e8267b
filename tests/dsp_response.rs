//! The DSP core measured against textbook answers (the EQ is in dsp_eq.rs):
//! the compressor's static curve and time constants, the pan law, reverb RT60
//! and pre-delay, the limiter's ceiling and the saturator's aliasing.

mod common;

use common::*;
use mixtutor::dsp::biquad::Shape;
use mixtutor::dsp::compressor::{CompSettings, Compressor, Detector, static_curve};
use mixtutor::dsp::eq::{BandParams, EqBand};
use mixtutor::dsp::limiter::Limiter;
use mixtutor::dsp::pan::FaderPan;
use mixtutor::dsp::reverb::{Reverb, ReverbSettings};
use mixtutor::dsp::saturation::{SatSettings, Saturation};
use mixtutor::dsp::{Block, MAX_BLOCK};

/// Runs a compressor over a signal and returns the output.
fn compress(settings: CompSettings, input: &[f32]) -> Vec<f32> {
    let mut c = Compressor::new(settings);
    run_blocks(&[input.to_vec()], |b| c.process(b, None)).remove(0)
}

fn square(amplitude: f32, period: usize, frames: usize) -> Vec<f32> {
    (0..frames)
        .map(|i| {
            if (i / (period / 2)).is_multiple_of(2) {
                amplitude
            } else {
                -amplitude
            }
        })
        .collect()
}

#[test]
fn compressor_static_curve_matches_design_including_the_knee() {
    let designs = [
        CompSettings {
            threshold_db: -20.0,
            ratio: 4.0,
            knee_db: 6.0,
            detector: Detector::Rms,
            ..Default::default()
        },
        CompSettings {
            threshold_db: -30.0,
            ratio: 2.0,
            knee_db: 12.0,
            makeup_db: 6.0,
            detector: Detector::Rms,
            ..Default::default()
        },
        CompSettings {
            threshold_db: -12.0,
            ratio: 10.0,
            knee_db: 0.0,
            detector: Detector::Peak,
            ..Default::default()
        },
    ];
    for s in designs {
        let mut level = -60.0f32;
        while level <= 0.0 {
            let frames = 24_000;
            // RMS designs: a 1 kHz sine whose RMS is `level`; peak designs: a square
            // wave, whose peak and RMS are both `level`.
            let (input, detector_level) = match s.detector {
                Detector::Rms => {
                    let amp = 10f32.powf((level + 3.0103) / 20.0);
                    (
                        mixtutor::material::signals::sine(1000.0, amp, frames),
                        level,
                    )
                }
                Detector::Peak => (square(10f32.powf(level / 20.0), 96, frames), level),
            };
            let out = compress(s, &input);
            let measured = rms_db(&out[frames - 4800..]) as f32;
            let designed = static_curve(&s, detector_level) + s.makeup_db;
            assert!(
                (measured - designed).abs() <= 0.5,
                "{s:?} at {level} dB: measured {measured:.2}, designed {designed:.2}"
            );
            level += 2.0;
        }
    }
}

#[test]
fn compressor_attack_and_release_time_constants_within_ten_percent() {
    for (attack_ms, release_ms) in [(10.0f32, 100.0f32), (1.0, 50.0), (30.0, 400.0)] {
        let s = CompSettings {
            threshold_db: -20.0,
            ratio: 10.0,
            knee_db: 0.0,
            attack_ms,
            release_ms,
            detector: Detector::Peak,
            ..Default::default()
        };
        let quiet = 10f32.powf(-40.0 / 20.0);
        let loud = 1.0f32;
        let seg = 96_000;
        // Constant-magnitude input: quiet, loud (attack), quiet (release).
        let input: Vec<f32> = (0..3 * seg)
            .map(|i| {
                let a = if (seg..2 * seg).contains(&i) {
                    loud
                } else {
                    quiet
                };
                if i % 2 == 0 { a } else { -a }
            })
            .collect();
        let out = compress(s, &input);
        let gr: Vec<f32> = input
            .iter()
            .zip(&out)
            .map(|(x, y)| 20.0 * (x.abs() / y.abs()).log10())
            .collect();
        let full = 18.0; // (0 − (−20)) × (1 − 1/10)
        let attack_hit = gr[seg..]
            .iter()
            .position(|&g| g >= full * (1.0 - (-1.0f32).exp()))
            .unwrap();
        let release_hit = gr[2 * seg..]
            .iter()
            .position(|&g| g <= full * (-1.0f32).exp())
            .unwrap();
        let attack = attack_hit as f32 / 48.0;
        let release = release_hit as f32 / 48.0;
        assert!(
            (attack / attack_ms - 1.0).abs() <= 0.1,
            "attack {attack:.2} ms vs {attack_ms} ms"
        );
        assert!(
            (release / release_ms - 1.0).abs() <= 0.1,
            "release {release:.2} ms vs {release_ms} ms"
        );
    }
}

#[test]
fn fully_dry_compressor_is_bit_transparent() {
    let input = mixtutor::material::signals::pink_noise(48_000, 3, -6.0);
    let s = CompSettings {
        threshold_db: -40.0,
        ratio: 20.0,
        mix: 0.0,
        ..Default::default()
    };
    let out = compress(s, &input);
    assert!(
        out.iter()
            .zip(&input)
            .all(|(a, b)| a.to_bits() == b.to_bits())
    );
}

#[test]
fn pan_law_is_minus_3db_at_centre_and_silent_on_the_far_side() {
    let mono = vec![vec![1.0f32; 4096]];
    let run = |gain_db: f32, pan: f32| {
        let mut p = FaderPan::new(gain_db, pan);
        run_blocks(&mono, |b| p.process(b))
    };
    let centre = run(0.0, 0.0);
    for ch in &centre {
        assert!(
            (20.0 * ch[4000].log10() + 3.0103).abs() < 0.001,
            "centre {}",
            ch[4000]
        );
    }
    let left = run(0.0, -1.0);
    assert_eq!(left[0][4000], 1.0);
    assert!(left[1].iter().all(|&x| x == 0.0), "far side must be silent");
    let right = run(0.0, 1.0);
    assert!(
        right[0].iter().all(|&x| x == 0.0),
        "far side must be silent"
    );
    // Constant power everywhere on the way.
    for pan in [-0.75f32, -0.3, 0.2, 0.9] {
        let o = run(0.0, pan);
        let power = o[0][4000].powi(2) + o[1][4000].powi(2);
        assert!((power - 1.0).abs() < 1e-5, "power at pan {pan}: {power}");
    }
    for gain in [-40.0f32, -12.5, -0.01, 0.0, 0.01, 3.0, 6.0, 12.0] {
        let o = run(gain, -1.0);
        let measured = 20.0 * (o[0][4000] as f64).log10();
        assert!(
            (measured - gain as f64).abs() < 0.01,
            "gain {gain}: measured {measured}"
        );
    }
}

/// Impulse response of the reverb's left output.
fn reverb_ir(settings: ReverbSettings, seconds: f32) -> Vec<f32> {
    let mut r = Reverb::new(settings);
    let frames = (seconds * 48_000.0) as usize;
    let mut input = Block::new(2, MAX_BLOCK);
    let mut out = Block::new(2, MAX_BLOCK);
    let mut ir = Vec::with_capacity(frames);
    let mut first = true;
    while ir.len() < frames {
        input.reset(2, MAX_BLOCK);
        if first {
            input.channel_mut(0)[0] = 1.0;
            input.channel_mut(1)[0] = 1.0;
            first = false;
        }
        r.process(&input, &mut out);
        ir.extend_from_slice(out.channel(0));
    }
    ir
}

/// RT60 by Schroeder backward integration, from the T30 range (−5 … −35 dB).
fn schroeder_rt60(ir: &[f32]) -> f64 {
    let mut edc = vec![0.0f64; ir.len()];
    let mut acc = 0.0;
    for i in (0..ir.len()).rev() {
        acc += (ir[i] as f64).powi(2);
        edc[i] = acc;
    }
    let db: Vec<f64> = edc.iter().map(|e| 10.0 * (e / edc[0]).log10()).collect();
    let t5 = db.iter().position(|&d| d <= -5.0).unwrap();
    let t35 = db.iter().position(|&d| d <= -35.0).unwrap();
    // Least-squares slope between the two points.
    let n = (t35 - t5) as f64;
    let (mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0);
    for (i, &d) in db[t5..t35].iter().enumerate() {
        let x = i as f64 / 48_000.0;
        sx += x;
        sy += d;
        sxx += x * x;
        sxy += x * d;
    }
    let slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    -60.0 / slope
}

/// The impulse response filtered to one octave band (24 dB/oct edges).
fn octave_band(ir: &[f32], centre_hz: f32) -> Vec<f32> {
    let edge = |shape, freq_hz| {
        let mut band = EqBand::new(BandParams {
            shape,
            freq_hz,
            gain_db: 0.0,
            q: std::f32::consts::FRAC_1_SQRT_2,
        });
        band.set_cascade(true);
        band
    };
    let mut hp = edge(Shape::HighPass, centre_hz / 2f32.sqrt());
    let mut lp = edge(Shape::LowPass, centre_hz * 2f32.sqrt());
    run_blocks(&[ir.to_vec()], |b| {
        hp.process(b);
        lp.process(b);
    })
    .remove(0)
}

#[test]
fn reverb_rt60_within_15_percent_of_decay() {
    for decay in [0.5f32, 1.0, 2.0, 4.0] {
        // Undamped, every frequency decays at the set time: measure broadband.
        let ir = reverb_ir(
            ReverbSettings {
                decay_s: decay,
                predelay_ms: 0.0,
                damping: 0.0,
                size: 1.0,
            },
            decay * 1.5 + 0.5,
        );
        let rt = schroeder_rt60(&ir);
        assert!(
            ((rt / decay as f64) - 1.0).abs() <= 0.15,
            "undamped, decay {decay} s: RT60 {rt:.3} s"
        );
        // Damped, highs die sooner (as in a real room), and the decay time is the
        // mid-frequency RT of ISO 3382: the mean of the 500 Hz and 1 kHz octaves.
        for damping in [0.5f32, 1.0] {
            let ir = reverb_ir(
                ReverbSettings {
                    decay_s: decay,
                    predelay_ms: 0.0,
                    damping,
                    size: 1.0,
                },
                decay * 1.5 + 0.5,
            );
            let mid = 0.5
                * (schroeder_rt60(&octave_band(&ir, 500.0))
                    + schroeder_rt60(&octave_band(&ir, 1000.0)));
            assert!(
                ((mid / decay as f64) - 1.0).abs() <= 0.15,
                "damping {damping}, decay {decay} s: mid RT60 {mid:.3} s"
            );
            let high = schroeder_rt60(&octave_band(&ir, 8000.0));
            assert!(
                high < mid * 0.95,
                "damping {damping}: 8 kHz RT {high:.3} s should be shorter than mid {mid:.3} s"
            );
        }
    }
}

#[test]
fn reverb_predelay_within_a_millisecond() {
    for predelay in [0.0f32, 20.0, 80.0, 200.0] {
        let ir = reverb_ir(
            ReverbSettings {
                decay_s: 1.0,
                predelay_ms: predelay,
                damping: 0.5,
                size: 1.0,
            },
            0.5,
        );
        let peak = ir.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let onset = ir.iter().position(|x| x.abs() > peak * 1e-3).unwrap() as f32 / 48.0;
        assert!(
            (onset - predelay).abs() <= 1.0,
            "pre-delay {predelay} ms: onset {onset} ms"
        );
    }
}

#[test]
fn limiter_holds_minus_1_dbtp_on_pink_noise_12_db_over() {
    use mixtutor::audio::Audio;
    let frames = 10 * 48_000;
    let mut channels: Vec<Vec<f32>> = (0..2)
        .map(|s| mixtutor::material::signals::pink_noise(frames, 40 + s, -10.0))
        .collect();
    // Drive so the true peak stands 12 dB over the −1 dBTP ceiling.
    let tp = mixtutor::analysis::loudness(&Audio {
        channels: channels.clone(),
        sample_rate: 48_000,
    })
    .unwrap()
    .true_peak_dbtp;
    let g = 10f32.powf(((11.0 - tp) / 20.0) as f32);
    for ch in &mut channels {
        for x in ch.iter_mut() {
            *x *= g;
        }
    }
    let mut limiter = Limiter::new(-1.0, 50.0);
    let out = run_blocks(&channels, |b| limiter.process(b));
    let measured = mixtutor::analysis::loudness(&Audio {
        channels: out,
        sample_rate: 48_000,
    })
    .unwrap();
    assert!(
        measured.true_peak_dbtp <= -1.0,
        "true peak {:.3} dBTP",
        measured.true_peak_dbtp
    );
    assert!(
        measured.true_peak_dbtp > -1.6,
        "limiting far below the ceiling: {:.3} dBTP",
        measured.true_peak_dbtp
    );
}

/// Level in dB of everything in `x`'s spectrum between 20 Hz and 20 kHz (the
/// audible band) that is not a harmonic of `f0`, relative to the fundamental.
fn inharmonic_db(x: &[f32], f0: f64) -> f64 {
    let n = x.len();
    // Hann window so leakage does not mask low-level products.
    let w: Vec<f32> = x
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v * (0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / n as f64).cos()) as f32
        })
        .collect();
    let (mag, bin) = magnitude_db(&w);
    let power: Vec<f64> = mag.iter().map(|d| 10f64.powf(d / 10.0)).collect();
    let near_harmonic = |k: usize| {
        let f = k as f64 * bin;
        let h = (f / f0).round();
        h >= 1.0 && (f - h * f0).abs() < 6.0 * bin
    };
    let fundamental: f64 = (0..power.len())
        .filter(|&k| ((k as f64 * bin) - f0).abs() < 6.0 * bin)
        .map(|k| power[k])
        .sum();
    let audible = |k: usize| (20.0..=20_000.0).contains(&(k as f64 * bin));
    let rest: f64 = (0..power.len())
        .filter(|&k| audible(k) && !near_harmonic(k))
        .map(|k| power[k])
        .sum();
    10.0 * (rest / fundamental).log10()
}

#[test]
fn saturation_aliasing_is_low_and_far_below_a_naive_clipper() {
    let f0 = 48_000.0 * 1123.0 / 8192.0; // ≈ 6.6 kHz, on an FFT bin
    let input = mixtutor::material::signals::sine(f0, 0.7, 8192 * 4);
    let mut sat = Saturation::new(SatSettings {
        drive_db: 18.0,
        mix: 1.0,
    });
    let out = run_blocks(std::slice::from_ref(&input), |b| sat.process(b)).remove(0);
    let oversampled = inharmonic_db(&out[8192 * 2..], f0);
    // The same curve without oversampling, for comparison.
    let drive = 10f32.powf(18.0 / 20.0);
    let naive: Vec<f32> = input
        .iter()
        .map(|x| (drive * x + 0.2).tanh() - 0.2f32.tanh())
        .collect();
    let naive_db = inharmonic_db(&naive[8192 * 2..], f0);
    assert!(
        oversampled < -60.0,
        "aliasing {oversampled:.1} dB re fundamental"
    );
    assert!(
        oversampled < naive_db - 20.0,
        "oversampled {oversampled:.1} dB vs naive {naive_db:.1} dB"
    );
}

/// Amplitude and phase (radians) of the `freq_hz` component of `x`, which
/// must span a whole number of its periods.
fn tone(x: &[f32], freq_hz: f64) -> (f64, f64) {
    let w = 2.0 * std::f64::consts::PI * freq_hz / 48_000.0;
    let (re, im) = x.iter().enumerate().fold((0.0, 0.0), |(re, im), (n, &v)| {
        (
            re + v as f64 * (w * n as f64).cos(),
            im - v as f64 * (w * n as f64).sin(),
        )
    });
    let scale = 2.0 / x.len() as f64;
    ((re * scale).hypot(im * scale), im.atan2(re))
}

/// A quiet sine barely bends the curve, so what comes out is the filters'
/// response: the half-bands' passband is flat, leaving only the 5 Hz DC
/// blocker's analytic response. Mixed half dry, the result must be just as
/// flat, since dry and wet went through the same filters (no comb); and the
/// oversampling costs about 3.5 samples, not 35.
#[test]
fn saturation_keeps_quiet_signals_at_their_level_at_every_frequency() {
    let (settle, window) = (24_000, 19_200); // 0.4 s: whole periods of every tone below
    for mix in [1.0f32, 0.5] {
        for freq_hz in [30.0f64, 100.0, 1000.0, 5000.0, 10_000.0, 16_000.0, 20_000.0] {
            let input = mixtutor::material::signals::sine(freq_hz, 0.001, settle + window);
            let mut sat = Saturation::new(SatSettings {
                drive_db: 12.0,
                mix,
            });
            let out = run_blocks(std::slice::from_ref(&input), |b| sat.process(b)).remove(0);
            let (a_in, phase_in) = tone(&input[settle..], freq_hz);
            let (a_out, phase_out) = tone(&out[settle..], freq_hz);
            // One-pole DC blocker y = x − x₋₁ + R·y₋₁: |H| = |1 − z⁻¹| / |1 − R·z⁻¹|.
            let r = 1.0 - 2.0 * std::f64::consts::PI * 5.0 / 48_000.0;
            let w = 2.0 * std::f64::consts::PI * freq_hz / 48_000.0;
            let blocker = (2.0 - 2.0 * w.cos()).sqrt() / (1.0 + r * r - 2.0 * r * w.cos()).sqrt();
            let error_db = 20.0 * (a_out / (a_in * blocker)).log10();
            assert!(
                error_db.abs() < 0.01,
                "mix {mix}, {freq_hz} Hz: {error_db:+.4} dB off the DC blocker's response"
            );
            if freq_hz == 1000.0 {
                // The blocker's own phase lead at 1 kHz is under a thousandth
                // of a sample; the rest is the half-bands' delay.
                let lag = (phase_in - phase_out).rem_euclid(2.0 * std::f64::consts::PI) / w;
                assert!(
                    (3.0..4.0).contains(&lag),
                    "mix {mix}: {lag:.2} samples late at 1 kHz"
                );
            }
        }
    }
}
