//! The EQ measured against the textbook: RBJ cookbook shapes, analog
//! prototypes for the bells, and the correction of bilinear cramping near
//! Nyquist.

mod common;

use common::*;
use mixtutor::dsp::biquad::{Coeffs, Shape, analog_magnitude_sq, rbj};
use mixtutor::dsp::eq::{BandParams, EqBand};

/// Measured magnitude response (impulse → FFT) of one EQ band, in dB, at `freqs`.
fn measured_response(params: BandParams, cascade: bool, freqs: &[f64]) -> Vec<f64> {
    let n = 1 << 17;
    let mut impulse = vec![0.0f32; n];
    impulse[0] = 1.0;
    let mut band = EqBand::new(params);
    band.set_cascade(cascade);
    let out = run_blocks(&[impulse], |b| band.process(b));
    let (mag, bin) = magnitude_db(&out[0]);
    // Interpolate between bins (0.37 Hz apart) for exact frequencies.
    freqs
        .iter()
        .map(|&f| {
            let pos = f / bin;
            let i = pos.floor() as usize;
            let a = pos - i as f64;
            mag[i] * (1.0 - a) + mag[i + 1] * a
        })
        .collect()
}

const CENTRES: [f32; 8] = [50.0, 100.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0];
const GAINS: [f32; 10] = [-18.0, -12.0, -6.0, -3.0, -1.0, 1.0, 3.0, 6.0, 12.0, 18.0];
const QS: [f32; 6] = [0.5, 0.707, 1.0, 2.0, 4.0, 8.0];

#[test]
fn bells_match_the_analog_prototype_within_a_quarter_db() {
    let freqs = log_freqs(20.0, 10_000.0, 24);
    let mut worst = (0.0f64, String::new());
    {
        let shape = Shape::Peak;
        for &f0 in &CENTRES {
            for &g in &GAINS {
                for &q in &QS {
                    let measured = measured_response(
                        BandParams {
                            shape,
                            freq_hz: f0,
                            gain_db: g,
                            q,
                        },
                        false,
                        &freqs,
                    );
                    for (&f, m) in freqs.iter().zip(&measured) {
                        let want = 10.0
                            * analog_magnitude_sq(shape, f0 as f64, g as f64, q as f64, f).log10();
                        let err = (m - want).abs();
                        if err > worst.0 {
                            worst = (
                                err,
                                format!(
                                    "{shape:?} f0={f0} g={g} q={q} at {f:.0} Hz: {m:.3} vs {want:.3}"
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(
        worst.0 <= 0.25,
        "worst deviation {:.3} dB: {}",
        worst.0,
        worst.1
    );
}

#[test]
fn shelves_and_passes_match_the_cookbook_within_a_tenth_db() {
    let freqs = log_freqs(20.0, 10_000.0, 24);
    let mut worst = (0.0f64, String::new());
    let cases = [
        (Shape::LowShelf, &GAINS[..], &[false][..]),
        (Shape::HighShelf, &GAINS[..], &[false][..]),
        (Shape::HighPass, &[0.0f32][..], &[false, true][..]),
        (Shape::LowPass, &[0.0f32][..], &[false, true][..]),
    ];
    for (shape, gains, cascades) in cases {
        for &f0 in &CENTRES {
            for &q in &QS {
                for (&g, &cascade) in gains
                    .iter()
                    .flat_map(|g| cascades.iter().map(move |c| (g, c)))
                {
                    let design = rbj(shape, f0 as f64, g as f64, q as f64);
                    let measured = measured_response(
                        BandParams {
                            shape,
                            freq_hz: f0,
                            gain_db: g,
                            q,
                        },
                        cascade,
                        &freqs,
                    );
                    for (&f, m) in freqs.iter().zip(&measured) {
                        let want = design.magnitude_db(f) * if cascade { 2.0 } else { 1.0 };
                        // Deep in the stop band the level is irrelevant; compare above −60 dB.
                        if want < -60.0 {
                            continue;
                        }
                        let err = (m - want).abs();
                        if err > worst.0 {
                            worst = (
                                err,
                                format!(
                                    "{shape:?} f0={f0} g={g} q={q} cascade={cascade} at {f:.0} Hz"
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(
        worst.0 <= 0.1,
        "worst deviation {:.3} dB: {}",
        worst.0,
        worst.1
    );
    // A Butterworth pair is −3 dB (−6 dB cascaded) at the corner.
    let corner = measured_response(
        BandParams {
            shape: Shape::LowPass,
            freq_hz: 1000.0,
            gain_db: 0.0,
            q: std::f32::consts::FRAC_1_SQRT_2,
        },
        true,
        &[1000.0],
    );
    assert!(
        (corner[0] + 6.02).abs() < 0.05,
        "24 dB/oct corner {}",
        corner[0]
    );
}

#[test]
fn high_bells_keep_their_analog_width_where_the_bilinear_design_cramps() {
    let mut worst = (0.0f64, String::new());
    let mut worst_bilinear = 0.0f64;
    for &f0 in &[12_000.0f32, 14_000.0, 16_000.0] {
        for &g in &[-12.0f32, -9.0, -6.0, 6.0, 9.0, 12.0] {
            for &q in &[0.7f32, 1.0, 2.0, 4.0] {
                let probes = [f0 as f64 / 2f64.sqrt(), f0 as f64, f0 as f64 * 2f64.sqrt()];
                let measured = measured_response(
                    BandParams {
                        shape: Shape::Peak,
                        freq_hz: f0,
                        gain_db: g,
                        q,
                    },
                    false,
                    &probes,
                );
                let bilinear = rbj(Shape::Peak, f0 as f64, g as f64, q as f64);
                for (&f, m) in probes.iter().zip(&measured) {
                    let want = 10.0
                        * analog_magnitude_sq(Shape::Peak, f0 as f64, g as f64, q as f64, f)
                            .log10();
                    worst_bilinear = worst_bilinear.max((bilinear.magnitude_db(f) - want).abs());
                    if (m - want).abs() > worst.0 {
                        worst = (
                            (m - want).abs(),
                            format!("f0={f0} g={g} q={q} at {f:.0} Hz: {m:.2} vs {want:.2}"),
                        );
                    }
                }
            }
        }
    }
    assert!(
        worst.0 <= 1.0,
        "worst deviation {:.2} dB: {}",
        worst.0,
        worst.1
    );
    // The uncorrected bilinear bell is the problem being solved: by the same
    // measure it misses by far more.
    assert!(
        worst_bilinear > 3.0,
        "bilinear worst deviation {worst_bilinear:.2} dB"
    );
    let matched = Coeffs::design(Shape::Peak, 16_000.0, 9.0, 2.0);
    assert!((matched.magnitude_db(16_000.0) - 9.0).abs() < 0.01);
}
