//! The typed parameter model over its whole space, measured on rendered
//! audio: every parameter of the strip format changes the sound when it
//! changes (a processor the engine forgets shows up here), absent and
//! neutral settings leave it alone, random valid strips and mixes render
//! finite audio at or under the master ceiling, and every parameter's text
//! reads back as itself.

use mixtutor::audio::Audio;
use mixtutor::engine::automation::Lane;
use mixtutor::engine::strip::{
    Comp, DelaySend, Detector, EqBand, EqType, Gate, MAX_EQ_BOOST_DB, ReverbSend, Saturation,
};
use mixtutor::engine::{
    Edit, EngineError, Excerpt, MasterLimiter, Mix, Op, Param, StemLayout, Strip, Target, Value,
    render_sources,
};
use proptest::prelude::*;
use std::sync::Arc;

const FS: usize = 48_000;
const STEM: &str = "x";
const KEY: &str = "key";

/// A deterministic test signal: a bright tone in bursts every 125 ms over
/// quiet noise, stereo and decorrelated, so gates open and close,
/// compressors act, saturation finds peaks and reverbs have gaps to fill.
fn signal(frames: usize, phase: usize, peak: f32) -> Audio {
    let mut state = 0x2545_f491_u32.wrapping_add(phase as u32);
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state as f32 / u32::MAX as f32) * 2.0 - 1.0
    };
    let mut channels = vec![Vec::with_capacity(frames), Vec::with_capacity(frames)];
    for i in 0..frames {
        let t = i as f32 / FS as f32;
        let in_burst = (i + phase) % (FS / 8);
        let env = (-(in_burst as f32) / (0.02 * FS as f32)).exp();
        let tone = (2.0 * std::f32::consts::PI * 220.0 * t).sin()
            + 0.5 * (2.0 * std::f32::consts::PI * 3520.0 * t).sin();
        for (c, ch) in channels.iter_mut().enumerate() {
            let wobble = if c == 0 { 1.0 } else { 0.8 };
            ch.push(peak * (0.6 * env * tone * wobble + 0.05 * noise()));
        }
    }
    Audio {
        channels,
        sample_rate: FS as u32,
    }
}

/// Renders `mix` over the test stem (and a key stem for sidechains).
fn render(
    mix: &Mix,
    seconds: f64,
    peak: f32,
    limiter: MasterLimiter,
) -> Result<Audio, EngineError> {
    let frames = (seconds * FS as f64) as usize;
    let layout = [
        StemLayout {
            name: STEM.into(),
            channels: 2,
        },
        StemLayout {
            name: KEY.into(),
            channels: 2,
        },
    ];
    let sources = [
        Arc::new(signal(frames, 0, peak)),
        Arc::new(signal(frames, FS / 16, peak)),
    ];
    render_sources(
        &layout,
        &sources,
        mix,
        120.0,
        Excerpt { start: 0, frames },
        limiter,
    )
}

/// A mix in which only `strip` sounds (the key stem is muted: it only
/// keys sidechains).
fn mix_with(strip: Strip) -> Mix {
    let mut mix = Mix::default();
    mix.stems.insert(STEM.into(), strip);
    mix.stems.insert(
        KEY.into(),
        Strip {
            mute: true,
            ..Strip::default()
        },
    );
    mix
}

fn rms(x: &Audio) -> f64 {
    let (sum, n) = x
        .channels
        .iter()
        .flat_map(|c| c.iter())
        .fold((0.0f64, 0usize), |(s, n), v| {
            (s + (*v as f64).powi(2), n + 1)
        });
    (sum / n.max(1) as f64).sqrt()
}

/// The RMS of the difference of two renders, dB relative to the first.
fn difference_db(a: &Audio, b: &Audio) -> f64 {
    let mut d = a.clone();
    for (x, y) in d.channels.iter_mut().zip(&b.channels) {
        for (x, y) in x.iter_mut().zip(y) {
            *x -= y;
        }
    }
    20.0 * (rms(&d) / rms(a)).max(1e-30).log10()
}

fn gate() -> Gate {
    Gate {
        threshold_db: -30.0,
        range_db: 40.0,
        attack_ms: 1.0,
        hold_ms: 20.0,
        release_ms: 80.0,
    }
}

fn comp() -> Comp {
    Comp {
        threshold_db: -30.0,
        ratio: 4.0,
        attack_ms: 5.0,
        release_ms: 100.0,
        knee_db: 6.0,
        makeup_db: 0.0,
        mix: 1.0,
        detector: Detector::Peak,
        sidechain: None,
    }
}

fn band() -> EqBand {
    EqBand {
        kind: EqType::Peak,
        freq_hz: 1000.0,
        gain_db: 6.0,
        q: 1.0,
        slope_db_oct: None,
    }
}

fn saturation() -> Saturation {
    Saturation {
        drive_db: 12.0,
        mix: 1.0,
    }
}

fn reverb() -> ReverbSend {
    ReverbSend {
        send_db: -6.0,
        decay_s: 1.0,
        predelay_ms: 20.0,
        damping: 0.5,
        size: 1.0,
    }
}

fn delay() -> DelaySend {
    DelaySend {
        send_db: -6.0,
        time_ms: Some(125.0),
        note: None,
        feedback: 0.3,
        high_cut_hz: 8000.0,
        ping_pong: false,
    }
}

/// Two mixes that differ in `param` alone: the first holds the processor
/// the parameter belongs to and nothing else. An exhaustive match, so a new
/// parameter does not compile until it is given a case here.
fn pair(param: Param) -> (Mix, Mix) {
    use Param as P;
    let strip = |f: &dyn Fn(&mut Strip)| {
        let mut s = Strip::default();
        f(&mut s);
        s
    };
    let two = |a: Strip, b: Strip| (mix_with(a), mix_with(b));
    let with = |block: Param, value: Value, other: Value| {
        let mut a = Strip::default();
        a.set(block, value).expect("a block sets");
        let mut b = Strip::default();
        b.set(block, other).expect("a block sets");
        two(a, b)
    };
    // The strip holding `block`, and the same with `param` set to `value`.
    let field = |block: Value, value: Value| {
        let mut a = Strip::default();
        let kind = match &block {
            Value::Gate(_) => P::Gate,
            Value::Comp(_) => P::Comp,
            Value::Saturation(_) => P::Saturation,
            Value::Reverb(_) => P::Reverb,
            Value::Delay(_) => P::Delay,
            Value::Band(_) => P::EqBand(0),
            other => panic!("{other:?} is not a block"),
        };
        if kind == P::EqBand(0) {
            a.eq.push(band());
        }
        a.set(kind, block).expect("a block sets");
        let mut b = a.clone();
        b.set(param, value).expect("a field sets");
        two(a, b)
    };
    let n = Value::Number;
    match param {
        P::GainDb => two(Strip::default(), strip(&|s| s.gain_db = -6.0)),
        P::Pan => two(Strip::default(), strip(&|s| s.pan = 0.7)),
        P::Width => two(Strip::default(), strip(&|s| s.width = 0.2)),
        P::Mute => two(Strip::default(), strip(&|s| s.mute = true)),
        P::Bus => {
            let (a, mut b) = two(Strip::default(), strip(&|s| s.bus = Some("grp".into())));
            b.buses.insert(
                "grp".into(),
                Strip {
                    gain_db: -6.0,
                    ..Strip::default()
                },
            );
            (a, b)
        }
        P::Gate => with(P::Gate, Value::Off, Value::Gate(gate())),
        P::GateThresholdDb => field(Value::Gate(gate()), n(-12.0)),
        P::GateRangeDb => field(Value::Gate(gate()), n(6.0)),
        P::GateAttackMs => field(Value::Gate(gate()), n(50.0)),
        P::GateHoldMs => field(Value::Gate(gate()), n(200.0)),
        P::GateReleaseMs => field(Value::Gate(gate()), n(500.0)),
        P::Eq => two(Strip::default(), strip(&|s| s.eq.push(band()))),
        P::EqBand(_) => two(
            strip(&|s| s.eq.push(band())),
            strip(&|s| {
                s.eq.push(EqBand {
                    freq_hz: 4000.0,
                    ..band()
                })
            }),
        ),
        P::EqType(_) => field(Value::Band(band()), Value::Shape(EqType::HighShelf)),
        P::EqFreqHz(_) => field(Value::Band(band()), n(250.0)),
        P::EqGainDb(_) => field(Value::Band(band()), n(-6.0)),
        P::EqQ(_) => field(Value::Band(band()), n(4.0)),
        P::EqSlopeDbOct(_) => {
            let hp = EqBand {
                kind: EqType::HighPass,
                freq_hz: 500.0,
                gain_db: 0.0,
                q: 0.707,
                slope_db_oct: Some(12),
            };
            two(
                strip(&|s| s.eq.push(hp)),
                strip(&|s| {
                    s.eq.push(EqBand {
                        slope_db_oct: Some(24),
                        ..hp
                    })
                }),
            )
        }
        P::Comp => with(P::Comp, Value::Off, Value::Comp(comp())),
        P::CompThresholdDb => field(Value::Comp(comp()), n(-15.0)),
        P::CompRatio => field(Value::Comp(comp()), n(20.0)),
        P::CompAttackMs => field(Value::Comp(comp()), n(100.0)),
        P::CompReleaseMs => field(Value::Comp(comp()), n(1000.0)),
        P::CompKneeDb => field(Value::Comp(comp()), n(24.0)),
        P::CompMakeupDb => field(Value::Comp(comp()), n(6.0)),
        P::CompMix => field(Value::Comp(comp()), n(0.3)),
        P::CompDetector => field(Value::Comp(comp()), Value::Detector(Detector::Rms)),
        P::CompSidechain => field(Value::Comp(comp()), Value::Name(KEY.into())),
        P::Saturation => with(P::Saturation, Value::Off, Value::Saturation(saturation())),
        P::SaturationDriveDb => field(Value::Saturation(saturation()), n(30.0)),
        P::SaturationMix => field(Value::Saturation(saturation()), n(0.3)),
        P::Reverb => with(P::Reverb, Value::Off, Value::Reverb(reverb())),
        P::ReverbSendDb => field(Value::Reverb(reverb()), n(-20.0)),
        P::ReverbDecayS => field(Value::Reverb(reverb()), n(4.0)),
        P::ReverbPredelayMs => field(Value::Reverb(reverb()), n(120.0)),
        P::ReverbDamping => field(Value::Reverb(reverb()), n(0.95)),
        P::ReverbSize => field(Value::Reverb(reverb()), n(2.0)),
        P::Delay => with(P::Delay, Value::Off, Value::Delay(delay())),
        P::DelaySendDb => field(Value::Delay(delay()), n(-20.0)),
        P::DelayTimeMs => field(Value::Delay(delay()), n(300.0)),
        P::DelayNote => field(Value::Delay(delay()), Value::Name("1/4".into())),
        P::DelayFeedback => field(Value::Delay(delay()), n(0.8)),
        P::DelayHighCutHz => field(Value::Delay(delay()), n(1000.0)),
        P::DelayPingPong => field(Value::Delay(delay()), Value::Flag(true)),
        P::LimiterCeilingDbtp => {
            let (a, mut b) = two(Strip::default(), Strip::default());
            b.limiter.ceiling_dbtp = -12.0;
            (a, b)
        }
        P::LimiterReleaseMs => {
            let (mut a, mut b) = two(Strip::default(), Strip::default());
            a.limiter.ceiling_dbtp = -12.0;
            b.limiter = a.limiter;
            b.limiter.release_ms = 1000.0;
            (a, b)
        }
        P::Automation => {
            let (a, mut b) = two(Strip::default(), Strip::default());
            b.automation.push(Lane {
                target: Target::stem(STEM),
                param: Param::GainDb,
                points: vec![(0.0, 0.0), (0.2, -12.0)],
            });
            (a, b)
        }
    }
}

#[test]
fn every_parameter_alone_changes_the_sound() {
    for param in Param::every(1) {
        let (a, b) = pair(param);
        a.validate()
            .unwrap_or_else(|e| panic!("{param}: A is invalid: {e}"));
        b.validate()
            .unwrap_or_else(|e| panic!("{param}: B is invalid: {e}"));
        let ra = render(&a, 0.5, 0.5, MasterLimiter::On).expect("A renders");
        let rb = render(&b, 0.5, 0.5, MasterLimiter::On).expect("B renders");
        let d = difference_db(&ra, &rb);
        assert!(
            d > -40.0,
            "{param}: changing it changed the output by only {d:.1} dB"
        );
    }
}

#[test]
fn absent_and_neutral_settings_leave_the_sound_alone() {
    let flat = render(&mix_with(Strip::default()), 0.5, 0.5, MasterLimiter::Off).expect("renders");
    let input = signal(flat.frames(), 0, 0.5);
    let worst = flat
        .channels
        .iter()
        .flatten()
        .zip(input.channels.iter().flatten())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(
        worst == 0.0,
        "a flat strip is not bit-identical: {worst:e} off"
    );
    // A block at its neutral setting is inaudible (the processors keep
    // running, so rounding remains).
    let neutral: [(&str, Strip); 6] = [
        (
            "a 0 dB bell",
            Strip {
                eq: vec![EqBand {
                    gain_db: 0.0,
                    ..band()
                }],
                ..Strip::default()
            },
        ),
        (
            "a gate with no range",
            Strip {
                gate: Some(Gate {
                    range_db: 0.0,
                    ..gate()
                }),
                ..Strip::default()
            },
        ),
        (
            "a 1:1 compressor",
            Strip {
                comp: Some(Comp {
                    ratio: 1.0,
                    ..comp()
                }),
                ..Strip::default()
            },
        ),
        (
            "a fully dry compressor",
            Strip {
                comp: Some(Comp { mix: 0.0, ..comp() }),
                ..Strip::default()
            },
        ),
        (
            "reverb sent at −120 dB",
            Strip {
                reverb: Some(ReverbSend {
                    send_db: -120.0,
                    ..reverb()
                }),
                ..Strip::default()
            },
        ),
        (
            "delay sent at −120 dB",
            Strip {
                delay: Some(DelaySend {
                    send_db: -120.0,
                    ..delay()
                }),
                ..Strip::default()
            },
        ),
    ];
    for (what, strip) in neutral {
        let out = render(&mix_with(strip), 0.5, 0.5, MasterLimiter::Off).expect("renders");
        let d = difference_db(&flat, &out);
        assert!(d < -90.0, "{what} changed the output by {d:.1} dB");
    }
}

#[test]
fn a_saturation_only_strip_is_heard() {
    // The class of bug where one hand-kept list of processors forgot
    // saturation: the strip rendered bit-identical to a flat one.
    let flat = render(&mix_with(Strip::default()), 0.5, 0.5, MasterLimiter::Off).expect("renders");
    let saturated = Strip {
        saturation: Some(Saturation {
            drive_db: 24.0,
            mix: 1.0,
        }),
        ..Strip::default()
    };
    let out = render(&mix_with(saturated), 0.5, 0.5, MasterLimiter::Off).expect("renders");
    assert!(difference_db(&flat, &out) > -20.0);
}

#[test]
fn stacked_boosts_are_refused_before_they_overflow() {
    let bells = |n: usize| Strip {
        eq: vec![
            EqBand {
                gain_db: 30.0,
                ..band()
            };
            n
        ],
        ..Strip::default()
    };
    assert!(bells(1).validate().is_ok());
    let err = bells(30).validate().expect_err("+900 dB at 1 kHz");
    assert!(err.to_string().contains("eq"), "{err}");
    let mix = mix_with(bells(30));
    assert!(mix.validate().is_err());
    assert!(render(&mix, 0.2, 0.5, MasterLimiter::On).is_err());
}

/// A value uniformly in `param`'s range, from `u` in 0…1.
fn in_range(param: Param, u: f64) -> f32 {
    let (lo, hi, _) = param.range().expect("a number");
    (lo + u * (hi - lo)) as f32
}

prop_compose! {
    fn any_strip()(
        u in prop::collection::vec(0.0f64..=1.0, 32),
        on in prop::collection::vec(any::<bool>(), 6),
        kinds in prop::collection::vec(0usize..5, 4),
        bands in 0usize..5,
    ) -> Strip {
        use Param as P;
        let shapes = [EqType::Peak, EqType::LowShelf, EqType::HighShelf, EqType::HighPass, EqType::LowPass];
        Strip {
            gain_db: in_range(P::GainDb, u[0]),
            pan: in_range(P::Pan, u[1]),
            width: in_range(P::Width, u[2]),
            mute: false,
            bus: None,
            gate: on[0].then(|| Gate {
                threshold_db: in_range(P::GateThresholdDb, u[3]),
                range_db: in_range(P::GateRangeDb, u[4]),
                attack_ms: in_range(P::GateAttackMs, u[5] * 0.02),
                hold_ms: in_range(P::GateHoldMs, u[6] * 0.05),
                release_ms: in_range(P::GateReleaseMs, u[7] * 0.1),
            }),
            eq: (0..bands).map(|k| EqBand {
                kind: shapes[kinds[k % kinds.len()]],
                freq_hz: 20.0 * 1000f32.powf(u[8 + k] as f32),
                gain_db: in_range(P::EqGainDb(k), u[12 + k]),
                q: 0.3 + 9.7 * u[16 + k] as f32,
                slope_db_oct: on[1].then_some(24),
            }).collect(),
            comp: on[2].then(|| Comp {
                threshold_db: in_range(P::CompThresholdDb, u[20]),
                ratio: in_range(P::CompRatio, u[21]),
                attack_ms: in_range(P::CompAttackMs, u[22] * 0.1),
                release_ms: in_range(P::CompReleaseMs, u[23] * 0.1),
                knee_db: in_range(P::CompKneeDb, u[24]),
                makeup_db: in_range(P::CompMakeupDb, u[25]),
                mix: in_range(P::CompMix, u[26]),
                detector: if on[1] { Detector::Rms } else { Detector::Peak },
                sidechain: None,
            }),
            saturation: on[3].then(|| Saturation {
                drive_db: in_range(P::SaturationDriveDb, u[27]),
                mix: in_range(P::SaturationMix, u[28]),
            }),
            reverb: on[4].then(|| ReverbSend {
                send_db: in_range(P::ReverbSendDb, 0.8 + 0.2 * u[29]),
                decay_s: in_range(P::ReverbDecayS, u[30] * 0.3),
                ..reverb()
            }),
            delay: on[5].then(|| DelaySend {
                send_db: in_range(P::DelaySendDb, 0.8 + 0.2 * u[31]),
                feedback: in_range(P::DelayFeedback, u[31]),
                ..delay()
            }),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Any valid strip on a stem, another on the master, a bus between:
    /// the render is finite and ends at or under the limiter's ceiling,
    /// measured as true peak (BS.1770, 4× oversampled).
    #[test]
    fn random_valid_mixes_render_finite_and_under_the_ceiling(
        stem in any_strip(),
        master in any_strip(),
        bus in any_strip(),
        ceiling in -12.0f32..=-1.0,
        hot in 0.05f32..1.0,
    ) {
        let mut mix = mix_with(Strip { bus: Some("grp".into()), ..stem });
        mix.buses.insert("grp".into(), Strip { reverb: None, delay: None, ..bus });
        mix.master = Strip { reverb: None, delay: None, ..master };
        mix.limiter.ceiling_dbtp = ceiling;
        // Strips whose EQ breaks the summed-boost bound are refused, which
        // its own test covers; here the valid ones.
        prop_assume!(mix.validate().is_ok());
        let out = render(&mix, 0.4, hot, MasterLimiter::On).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(out.channels.iter().flatten().all(|x| x.is_finite()));
        let tp = mixtutor::analysis::loudness(&out).map(|l| l.true_peak_dbtp).unwrap_or(f64::NEG_INFINITY);
        prop_assert!(tp <= ceiling as f64 + 0.05, "true peak {tp:.2} dBTP over the {ceiling} dBTP ceiling");
    }

    /// Any number a strip holds, written as an edit and read back from a
    /// file, sets the same value: text → edit → text is the identity.
    #[test]
    fn edits_read_back_from_their_text(u in 0.0f64..=1.0, which in 0usize..64) {
        let numbers: Vec<Param> = Param::every(2)
            .into_iter()
            .filter(|p| p.range().is_some())
            .collect();
        let param = numbers[which % numbers.len()];
        let value = in_range(param, u) as f64;
        let target = if matches!(param, Param::LimiterCeilingDbtp | Param::LimiterReleaseMs) {
            Target::Master
        } else {
            Target::stem("vocal")
        };
        let edit = Edit::set(target, param, value);
        let text = toml::to_string(&edit).expect("serialises");
        let back: Edit = toml::from_str(&text).expect("parses");
        prop_assert_eq!(&back, &edit);
        prop_assert_eq!(toml::to_string(&back).expect("serialises"), text);
    }
}

#[test]
fn the_bound_is_what_validation_says() {
    // Just under the bound passes, just over is refused.
    let strip = |db: f32| Strip {
        eq: vec![
            EqBand {
                gain_db: db / 2.0,
                q: 2.0,
                ..band()
            };
            2
        ],
        ..Strip::default()
    };
    assert!(strip(MAX_EQ_BOOST_DB as f32 - 0.5).validate().is_ok());
    assert!(strip(MAX_EQ_BOOST_DB as f32 + 0.5).validate().is_err());
}

#[test]
fn edits_of_every_shape_apply_and_bad_ones_say_why() {
    let mix = mix_with(Strip::default());
    let vocal = Target::stem(STEM);
    let comp_on = Edit::put(vocal.clone(), Param::Comp, Value::Comp(comp()))
        .apply(&mix)
        .expect("a block goes in");
    let harder = Edit::add(vocal.clone(), Param::CompRatio, 2.0)
        .apply(&comp_on)
        .expect("a field moves");
    assert_eq!(harder.stems[STEM].comp.as_ref().map(|c| c.ratio), Some(6.0));
    let off = Edit {
        target: vocal.clone(),
        op: Op::Remove,
        param: Param::Comp,
        value: Value::Off,
    }
    .apply(&harder)
    .expect("the block comes out");
    assert!(off.stems[STEM].comp.is_none());
    let err = Edit::set(vocal.clone(), Param::CompRatio, 4.0)
        .apply(&mix)
        .expect_err("no compressor to set");
    assert!(err.to_string().contains("compressor"), "{err}");
    let err = Edit::set(vocal.clone(), Param::Pan, 5.0)
        .apply(&mix)
        .expect_err("out of range");
    assert!(err.to_string().contains("pan"), "{err}");
    let err = Edit::add(vocal, Param::LimiterCeilingDbtp, -3.0)
        .apply(&mix)
        .expect_err("the limiter is the master's");
    assert!(err.to_string().contains("master"), "{err}");
    // The master level drill's arithmetic: down and up again in f32 lands
    // a rounding step above −1 dBTP, and stays valid.
    let mut m = mix.clone();
    for step in [0.3, 2.3, 5.1, 5.3, 0.7] {
        let down = Edit::add(Target::Master, Param::LimiterCeilingDbtp, -step);
        let up = Edit::add(Target::Master, Param::LimiterCeilingDbtp, step);
        m = down
            .apply(&m)
            .and_then(|m| up.apply(&m))
            .expect("stays valid");
        assert!((m.limiter.ceiling_dbtp + 1.0).abs() < 1e-5);
    }
}
