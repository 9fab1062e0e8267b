//! Loudness and levels against EBU Tech 3341 (loudness, true peak) and
//! Tech 3342 (loudness range), with the test signals generated here; the
//! real-time momentary meter cross-checked against the offline meter.

use mixtutor::analysis::{Spectrum, analyze, correlation, loudness};
use mixtutor::audio::Audio;
use mixtutor::dsp::Block;
use mixtutor::dsp::meter::LoudnessMeter;
use mixtutor::dsp::oversample::TruePeak;
use mixtutor::material::signals::{pink_noise, sine, white_noise};

const FS: usize = 48_000;

/// A stereo 1 kHz sine in segments of (seconds, dBFS peak level per channel).
fn stepped_sine(segments: &[(f64, f64)]) -> Audio {
    let mut x = Vec::new();
    for &(seconds, level_db) in segments {
        let amp = 10f32.powf(level_db as f32 / 20.0);
        let start = x.len();
        let n = (seconds * FS as f64).round() as usize;
        x.extend((0..n).map(|i| {
            amp * (2.0 * std::f64::consts::PI * 1000.0 * (start + i) as f64 / FS as f64).sin()
                as f32
        }));
    }
    Audio {
        channels: vec![x.clone(), x],
        sample_rate: FS as u32,
    }
}

#[test]
fn tech_3341_integrated_loudness_cases() {
    let cases: [(&[(f64, f64)], f64); 5] = [
        (&[(20.0, -23.0)], -23.0),
        (&[(20.0, -33.0)], -33.0),
        (&[(10.0, -36.0), (60.0, -23.0), (10.0, -36.0)], -23.0),
        (
            &[
                (10.0, -72.0),
                (10.0, -36.0),
                (60.0, -23.0),
                (10.0, -36.0),
                (10.0, -72.0),
            ],
            -23.0,
        ),
        (&[(20.0, -26.0), (20.1, -20.0), (20.0, -26.0)], -23.0),
    ];
    for (i, (segments, want)) in cases.iter().enumerate() {
        let got = loudness(&stepped_sine(segments)).unwrap().integrated_lufs;
        assert!(
            (got - want).abs() <= 0.1,
            "case {}: {got:.2} LUFS, expected {want}",
            i + 1
        );
    }
}

#[test]
fn tech_3342_loudness_range_cases() {
    let cases: [(&[(f64, f64)], f64); 4] = [
        (&[(20.0, -20.0), (20.0, -30.0)], 10.0),
        (&[(20.0, -20.0), (20.0, -15.0)], 5.0),
        (&[(20.0, -40.0), (20.0, -20.0)], 20.0),
        (
            &[
                (20.0, -50.0),
                (20.0, -35.0),
                (20.0, -20.0),
                (20.0, -35.0),
                (20.0, -50.0),
            ],
            15.0,
        ),
    ];
    for (i, (segments, want)) in cases.iter().enumerate() {
        let got = loudness(&stepped_sine(segments)).unwrap().range_lu;
        assert!(
            (got - want).abs() <= 1.0,
            "case {}: LRA {got:.2} LU, expected {want}",
            i + 1
        );
    }
}

#[test]
fn tech_3341_true_peak_of_quarter_rate_sines() {
    // A sine at fs/4 whose samples fall 45° off its peaks: sample peak −6 dBFS,
    // true peak −6 + 3.01 dB. Tolerance per Tech 3341: +0.2 / −0.4 dB. A 100 ms
    // fade-in keeps the onset band-limited (an abrupt start really does ring
    // 0.5 dB over when reconstructed). Both the offline meter and the limiter's
    // own estimator are checked.
    for (phase_deg, sample_peak_db, true_peak_db) in [
        (45.0f64, -6.0f64, -2.99f64),
        (0.0, 0.0, 0.0),
        (45.0, -20.0, -16.99),
    ] {
        let amp = 10f64.powf(sample_peak_db / 20.0)
            / if phase_deg == 45.0 {
                std::f64::consts::FRAC_1_SQRT_2
            } else {
                1.0
            };
        let x: Vec<f32> = (0..FS)
            .map(|n| {
                let fade = (n as f64 / 4800.0).min(1.0);
                (fade
                    * amp
                    * (std::f64::consts::FRAC_PI_2 * n as f64
                        + phase_deg.to_radians()
                        + std::f64::consts::FRAC_PI_2)
                        .sin()) as f32
            })
            .collect();
        let mut peaks = vec![0.0f32; x.len()];
        TruePeak::default().process(&x, &mut peaks);
        let ours = 20.0 * peaks.iter().fold(0.0f32, |m, &v| m.max(v)).log10() as f64;
        let audio = Audio {
            channels: vec![x.clone(), x],
            sample_rate: FS as u32,
        };
        let tp = loudness(&audio).unwrap().true_peak_dbtp;
        for (who, got) in [("meter", tp), ("limiter estimator", ours)] {
            assert!(
                got - true_peak_db <= 0.2 && true_peak_db - got <= 0.4,
                "{who}, phase {phase_deg}: {got:.2} dBTP, expected {true_peak_db}"
            );
        }
    }
}

#[test]
fn momentary_meter_agrees_with_the_reference_meter() {
    let channels = [pink_noise(FS * 2, 1, -18.0), pink_noise(FS * 2, 2, -24.0)];
    let mut meter = LoudnessMeter::default();
    let mut block = Block::new(2, 256);
    for start in (0..FS * 2).step_by(256) {
        block.reset(2, 256);
        block
            .channel_mut(0)
            .copy_from_slice(&channels[0][start..start + 256]);
        block
            .channel_mut(1)
            .copy_from_slice(&channels[1][start..start + 256]);
        meter.observe(&block);
    }
    // Reference: the offline meter on exactly the last 400 ms.
    let tail = FS * 2 - FS * 4 / 10;
    let reference = Audio {
        channels: channels.iter().map(|c| c[tail..].to_vec()).collect(),
        sample_rate: FS as u32,
    };
    let mut ebu = ebur128::EbuR128::new(2, FS as u32, ebur128::Mode::M).unwrap();
    // Warm the reference's filters on the preceding audio, as ours were.
    let warm: Vec<&[f32]> = channels.iter().map(|c| &c[..tail]).collect();
    ebu.add_frames_planar_f32(&warm).unwrap();
    let planes: Vec<&[f32]> = reference.channels.iter().map(|c| c.as_slice()).collect();
    ebu.add_frames_planar_f32(&planes).unwrap();
    let want = ebu.loudness_momentary().unwrap();
    let got = meter.momentary_lufs() as f64;
    assert!(
        (got - want).abs() < 0.1,
        "momentary {got:.3} LUFS vs reference {want:.3}"
    );
}

#[test]
fn octave_bands_place_a_sine_in_its_band_and_pink_noise_evenly() {
    let audio = Audio {
        channels: vec![sine(1000.0, 1.0, FS * 2)],
        sample_rate: FS as u32,
    };
    let bands = Spectrum::of(&audio).octave_bands();
    assert!(
        (bands.get(1000.0).unwrap() + 3.01).abs() < 0.1,
        "1 kHz band {:?}",
        bands.get(1000.0)
    );
    assert!(bands.get(250.0).unwrap() < -60.0 && bands.get(4000.0).unwrap() < -60.0);

    let pink = Audio {
        channels: vec![pink_noise(FS * 30, 5, -20.0)],
        sample_rate: FS as u32,
    };
    let bands = Spectrum::of(&pink).octave_bands();
    let levels: Vec<f64> = bands.0.iter().map(|b| b.1).collect();
    let mean = levels.iter().sum::<f64>() / levels.len() as f64;
    for (c, db) in &bands.0 {
        assert!(
            (db - mean).abs() <= 0.5,
            "pink noise band {c} Hz at {db:.2} dB, mean {mean:.2}"
        );
    }
}

#[test]
fn correlation_reads_mono_unrelated_and_inverted() {
    let a = white_noise(FS, 1, -20.0);
    let b = white_noise(FS, 2, -20.0);
    let inverted: Vec<f32> = a.iter().map(|x| -x).collect();
    let mk = |l: &Vec<f32>, r: &Vec<f32>| Audio {
        channels: vec![l.clone(), r.clone()],
        sample_rate: FS as u32,
    };
    assert!((correlation(&mk(&a, &a)) - 1.0).abs() < 1e-9);
    assert!((correlation(&mk(&a, &inverted)) + 1.0).abs() < 1e-9);
    assert!(correlation(&mk(&a, &b)).abs() < 0.02);
}

#[test]
fn analysis_reports_consistent_levels() {
    let a = analyze("sine", &stepped_sine(&[(5.0, -6.0)])).unwrap();
    assert!((a.sample_peak_dbfs + 6.0).abs() < 0.01);
    assert!((a.rms_dbfs + 9.01).abs() < 0.01);
    assert!((a.crest_db - 3.01).abs() < 0.02);
    assert!((a.correlation - 1.0).abs() < 1e-9);
    assert_eq!(a.channels, 2);
    assert!((a.duration_s - 5.0).abs() < 1e-9);
}
