//! "A or B" drills on one setting of an effect both versions have (attack,
//! parallel compression, reverb decay and pre-delay, delay time and
//! feedback) and the reverb's loudness against the dry sound: each answer
//! is checked by measuring the rendered A and B, never by reading the mix.

use mixtutor::analysis::loudness;
use mixtutor::audio::Audio;
use mixtutor::lessons::{find, load_all};
use mixtutor::quiz::{Exercise, generate, render_mix, render_pair};
use realfft::RealFftPlanner;
use realfft::num_complex::Complex;
use std::sync::Arc;

fn exercise(lesson: &str, drill: usize, level: f64, seed: u64) -> Exercise {
    let (lessons, problems) = load_all(None);
    assert!(problems.is_empty(), "{problems:?}");
    let d = find(&lessons, lesson).expect("lesson exists").drills[drill].clone();
    generate("test", &d, level, seed, None).expect("generates")
}

/// Left plus right, as f64.
fn mono(a: &Audio) -> Vec<f64> {
    let n = a.frames();
    (0..n)
        .map(|i| a.channels.iter().map(|c| c[i] as f64).sum())
        .collect()
}

/// How much of each hit's front a version keeps: over the hits (found on
/// `reference`, the same material in both), the level of the first 15 ms
/// less the level 40–120 ms later, in dB, averaged. A compressor's slow
/// attack lets the front through and then turns the body down; blending in
/// the dry signal brings the front back.
fn punch_db(x: &Audio, reference: &Audio) -> f64 {
    let ms = 48;
    let level = |a: &[f64], from: usize, len: usize| {
        let e = a[from..from + len].iter().map(|v| v * v).sum::<f64>() / len as f64;
        10.0 * (e + 1e-12).log10()
    };
    let (x, r) = (mono(x), mono(reference));
    let frames = r.len() / ms;
    let env: Vec<f64> = (0..frames).map(|i| level(&r, i * ms, ms)).collect();
    let mut sum = 0.0;
    let mut hits = 0;
    let mut i = 10;
    while i + 130 < frames {
        let before = env[i - 10..i].iter().copied().fold(f64::MIN, f64::max);
        if env[i] - before > 9.0 && env[i] > -45.0 {
            sum += level(&x, i * ms, 15 * ms) - level(&x, (i + 40) * ms, 80 * ms);
            hits += 1;
            i += 130;
        } else {
            i += 1;
        }
    }
    assert!(hits >= 4, "{hits} hits");
    sum / hits as f64
}

/// B less the part of it that is A (least squares): what B adds to A,
/// whatever gain matched their loudness.
fn residual(a: &[f64], b: &[f64]) -> Vec<f64> {
    let alpha =
        a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>() / a.iter().map(|x| x * x).sum::<f64>();
    a.iter().zip(b).map(|(x, y)| y - alpha * x).collect()
}

/// Σ d(t)·a(t − lag) for lag in −max..=max (index max + lag), by FFT,
/// whitened (the phase transform: every frequency weighs the same, so a
/// tone's own periodicity cannot hide a delay).
fn xcorr(d: &[f64], a: &[f64], max: usize) -> Vec<f64> {
    let n = (d.len() + a.len()).next_power_of_two();
    let mut planner = RealFftPlanner::<f64>::new();
    let forward = planner.plan_fft_forward(n);
    let inverse = planner.plan_fft_inverse(n);
    let spectrum = |x: &[f64]| {
        let mut buf = vec![0.0; n];
        buf[..x.len()].copy_from_slice(x);
        let mut out = forward.make_output_vec();
        forward.process(&mut buf, &mut out).expect("fft");
        out
    };
    let (sd, sa) = (spectrum(d), spectrum(a));
    let mut product: Vec<Complex<f64>> = sd
        .iter()
        .zip(&sa)
        .map(|(x, y)| {
            let p = x * y.conj();
            p / (p.norm() + 1e-12)
        })
        .collect();
    let mut out = inverse.make_output_vec();
    inverse.process(&mut product, &mut out).expect("ifft");
    (0..=2 * max)
        .map(|i| {
            let lag = i as i64 - max as i64;
            out[lag.rem_euclid(n as i64) as usize]
        })
        .collect()
}

/// The lag (in ms) of the largest value of `x` (indexed like [`xcorr`])
/// among lags at least `skip_ms` from zero.
fn peak_lag_ms(x: &[f64], max: usize, skip_ms: f64, sign: f64) -> f64 {
    let skip = (skip_ms * 48.0) as usize;
    let (i, _) = x
        .iter()
        .enumerate()
        .filter(|(i, _)| i.abs_diff(max) >= skip)
        .max_by(|a, b| (sign * a.1).total_cmp(&(sign * b.1)))
        .expect("lags");
    (i as f64 - max as f64) / 48.0
}

/// Replaces the stage's audio with a click every 1.5 s in every stem.
fn clicks_for_sources(ex: &mut Exercise) {
    for source in &mut ex.stage.loaded.sources {
        let mut clicks = (**source).clone();
        for ch in &mut clicks.channels {
            for (i, x) in ch.iter_mut().enumerate() {
                *x = if i % 72_000 == 24_000 { 0.5 } else { 0.0 };
            }
        }
        *source = Arc::new(clicks);
    }
}

/// Averaged over the clicks of [`clicks_for_sources`] in the excerpt: the
/// first time (ms after the click) that what `x` adds to `dry` (the same
/// mix without the reverb) comes within 50 dB of the click, in 0.25 ms
/// steps.
fn reverb_start_ms(x: &Audio, dry: &Audio) -> f64 {
    let (d, x) = (mono(dry), mono(x));
    let step = 12;
    let level = |i: usize| {
        let e = x[i..i + step]
            .iter()
            .zip(&d[i..i + step])
            .map(|(v, w)| (v - w) * (v - w))
            .sum::<f64>();
        10.0 * (e + 1e-20).log10()
    };
    let click_level = |i: usize| {
        let e = d[i..i + step].iter().map(|v| v * v).sum::<f64>();
        10.0 * (e + 1e-20).log10()
    };
    let mut starts = Vec::new();
    let mut i = 0;
    while i + 48 * 300 < x.len() {
        if d[i].abs() > 0.05 {
            let click = click_level(i);
            let start = (0..48 * 250)
                .step_by(step)
                .find(|&k| level(i + k) > click - 50.0);
            if let Some(k) = start {
                starts.push(k as f64 / 48.0);
            }
            i += 48 * 1000;
        } else {
            i += 1;
        }
    }
    assert!(starts.len() >= 3, "{} clicks", starts.len());
    starts.iter().sum::<f64>() / starts.len() as f64
}

#[test]
fn slow_attack_and_parallel_compression_keep_more_of_each_hit_s_front() {
    // On the snare (drill 0) every hit stands out from silence; on a full
    // mix the hits of one instrument cannot be told apart from the rest
    // this simply, so the full-mix drills are not measured here.
    for (lesson, drill) in [("comp-attack", 0), ("comp-parallel", 0)] {
        for seed in 1..=4 {
            let ex = exercise(lesson, drill, 40.0, seed);
            let r = render_pair(&ex, None).expect("renders");
            let (pa, pb) = (punch_db(&r.a, &r.a), punch_db(&r.b, &r.a));
            // 40 ms of attack or 40 % dry is a plain difference in punch.
            assert!(
                (pb - pa).abs() > 0.5,
                "{lesson} {drill} seed {seed}: punch A {pa:.2} dB, B {pb:.2} dB"
            );
            assert_eq!(
                ex.answer,
                usize::from(pb > pa),
                "{lesson} {drill} seed {seed}"
            );
            assert_eq!(ex.change.value.abs(), 40.0);
        }
    }
}

#[test]
fn the_later_reverb_and_the_longer_delay_are_where_the_audio_says() {
    // B less A holds B's reverb (or echo) and minus A's. Lined up against
    // A's dry sound it peaks where B's reverb starts (its pre-delay plus
    // the reverb's first reflection) and dips where A's does, or peaks at
    // B's echo time and dips at A's.
    let max = 48 * 600;
    for seed in 1..=3 {
        // A reverb's start hides under the sound that feeds it; probed with
        // clicks (the drill's own A and B mixes, on the same stage) it
        // stands alone: the first moment after each click, past the click
        // itself, where the output rises above −50 dB of the click.
        let mut ex = exercise("reverb-predelay", 0, 37.0, seed);
        clicks_for_sources(&mut ex);
        let a = render_mix(&ex, &ex.a).expect("renders");
        let b = render_mix(&ex, &ex.b).expect("renders");
        let mut dry_mix = ex.a.clone();
        dry_mix.strip_mut_of(&ex.change.target).reverb = None;
        let dry = render_mix(&ex, &dry_mix).expect("renders");
        let lag = reverb_start_ms(&b, &dry) - reverb_start_ms(&a, &dry);
        let expected = if ex.answer == 1 { 37.0 } else { -37.0 };
        assert!(
            (lag - expected).abs() <= 0.5,
            "pre-delay seed {seed}: measured {lag:.2} ms, expected {expected} ms"
        );
        assert_eq!(ex.change.value, expected);

        let ex = exercise("delay-time", 0, 60.0, seed);
        let r = render_pair(&ex, None).expect("renders");
        let (a, b) = (mono(&r.a), mono(&r.b));
        let x = xcorr(&residual(&a, &b), &a, max);
        let b_echo = peak_lag_ms(&x, max, 50.0, 1.0);
        let a_echo = peak_lag_ms(&x, max, 50.0, -1.0);
        let (short, long) = (220.0, 280.0);
        let (want_b, want_a) = if ex.answer == 1 {
            (long, short)
        } else {
            (short, long)
        };
        assert!(
            (b_echo - want_b).abs() <= 0.5 && (a_echo - want_a).abs() <= 0.5,
            "delay seed {seed}: B echoes at {b_echo:.2} ms, A at {a_echo:.2} ms; \
             expected {want_b} and {want_a}"
        );
    }
}

#[test]
fn more_feedback_means_a_louder_second_echo() {
    // Both delays repeat every 300 ms; the first echo is the same in both,
    // so B less A is the difference of the second echo (and later ones),
    // 600 ms after the dry sound: positive when B feeds back more.
    let max = 48 * 700;
    for seed in 1..=3 {
        let ex = exercise("delay-feedback", 0, 40.0, seed);
        let r = render_pair(&ex, None).expect("renders");
        let (a, b) = (mono(&r.a), mono(&r.b));
        let x = xcorr(&residual(&a, &b), &a, max);
        // The loop's high-cut smears the echo by a few samples.
        let centre = max + 600 * 48;
        let second = x[centre - 48..=centre + 48]
            .iter()
            .copied()
            .max_by(|p, q| p.abs().total_cmp(&q.abs()))
            .expect("lags");
        let typical = {
            let mut all: Vec<f64> = x.iter().map(|v| v.abs()).collect();
            all.sort_by(f64::total_cmp);
            all[all.len() / 2]
        };
        assert!(
            second.abs() > 5.0 * typical,
            "seed {seed}: second echo {second:.3e} vs typical {typical:.3e}"
        );
        assert_eq!(ex.answer, usize::from(second > 0.0), "seed {seed}");
    }
}

/// The reverb time of a percussive signal: after each hit, the slope of
/// the level (5 ms frames) from 120 ms on, while no new hit arrives, as
/// a decay of 60 dB; the median over hits.
fn decay_time_s(a: &Audio) -> f64 {
    let x = mono(a);
    let frame = 240;
    let db: Vec<f64> = x
        .chunks(frame)
        .map(|c| 10.0 * (c.iter().map(|v| v * v).sum::<f64>() / frame as f64 + 1e-12).log10())
        .collect();
    let onsets: Vec<usize> = (1..db.len())
        .filter(|&i| db[i] - db[i - 1] > 10.0 && db[i] > -50.0)
        .collect();
    let mut times = Vec::new();
    for (k, &on) in onsets.iter().enumerate() {
        let end = onsets.get(k + 1).copied().unwrap_or(db.len());
        let (from, to) = (on + 24, end.saturating_sub(2));
        if to < from + 20 {
            continue;
        }
        let pts: Vec<(f64, f64)> = (from..to)
            .map(|i| (i as f64 * frame as f64 / 48_000.0, db[i]))
            .collect();
        let n = pts.len() as f64;
        let (mt, ml) = (
            pts.iter().map(|p| p.0).sum::<f64>() / n,
            pts.iter().map(|p| p.1).sum::<f64>() / n,
        );
        let slope = pts.iter().map(|p| (p.0 - mt) * (p.1 - ml)).sum::<f64>()
            / pts.iter().map(|p| (p.0 - mt).powi(2)).sum::<f64>();
        if slope < 0.0 {
            times.push(-60.0 / slope);
        }
    }
    assert!(times.len() >= 3, "{} hits with a tail", times.len());
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

#[test]
fn the_longer_reverb_measures_longer_from_its_tails() {
    for seed in 1..=3 {
        let ex = exercise("reverb-decay", 0, 1500.0, seed);
        let r = render_pair(&ex, None).expect("renders");
        let (ta, tb) = (decay_time_s(&r.a), decay_time_s(&r.b));
        let (short, long) = if ex.answer == 1 { (ta, tb) } else { (tb, ta) };
        // 0.5 s against 2.0 s, read through the snare's own decay.
        assert!(
            long > 2.0 * short && (1.4..3.0).contains(&long) && (0.3..0.8).contains(&short),
            "seed {seed}: A {ta:.2} s, B {tb:.2} s, answer {}",
            ex.answer
        );
    }
}

#[test]
fn reverb_loudness_against_the_dry_sound_is_what_the_answer_says() {
    // A is the dry vocal and B the same with its reverb: B less A, both as
    // rendered for the learner before loudness matching, is the reverb.
    for seed in 1..=3 {
        let ex = exercise("reverb-how-much", 0, 12.0, seed);
        assert_eq!(ex.change.unit, "LU");
        let a = render_mix(&ex, &ex.a).expect("renders");
        let mut wet = render_mix(&ex, &ex.b).expect("renders");
        for (w, d) in wet.channels.iter_mut().zip(&a.channels) {
            for (w, d) in w.iter_mut().zip(d) {
                *w -= d;
            }
        }
        let lufs = |x: &Audio| loudness(x).expect("loudness").integrated_lufs;
        let measured = lufs(&wet) - lufs(&a);
        assert!(
            (measured - ex.change.value).abs() <= 0.1,
            "seed {seed}: reverb at {measured:.2} LU, exercise says {} LU",
            ex.change.value
        );
        assert_eq!(
            ex.choices[ex.answer].label,
            format!("{:.0} LU", ex.change.value)
        );
    }
}
