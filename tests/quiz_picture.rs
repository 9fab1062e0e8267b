//! The picture after a drill shows the difference the drill is about,
//! measured from the exercise itself: the compressor's gain reduction in A
//! and B for compression, the return's decay for reverb and delay.

use mixtutor::lessons::{Lesson, find, load_all};
use mixtutor::quiz::{Exercise, Picture, generate, picture, render_pair};

fn lesson_exercise(id: &str, level: f64, seed: u64) -> (Exercise, Picture) {
    let (lessons, problems) = load_all(None);
    assert!(problems.is_empty(), "{problems:?}");
    let lesson: &Lesson = find(&lessons, id).expect("lesson");
    let ex = generate("test", &lesson.drills[0], level, seed, None).expect("generates");
    let pair = render_pair(&ex, None).expect("renders");
    let p = picture(&ex, &pair.a, &pair.b).expect("a picture");
    (ex, p)
}

/// Seconds until the curve first falls `db` below its start.
fn fall(curve: &[(f64, f64)], db: f64) -> f64 {
    let top = curve.first().expect("a curve").1;
    curve
        .iter()
        .find(|p| p.1 < top - db)
        .map_or(f64::INFINITY, |p| p.0)
}

#[test]
fn a_compression_drill_shows_the_gain_reduction_of_the_compressed_version() {
    for seed in [1, 2, 3] {
        let (ex, p) = lesson_exercise("comp-on-off", 12.0, seed);
        let Picture::Reduction { strip, a, b } = p else {
            panic!("seed {seed}: {p:?}");
        };
        assert_eq!(strip, ex.change.target.name());
        // The answer says which version is compressed; that one's trace
        // reaches several dB, the other has none (or next to none).
        let deepest = |t: &[(f64, f64)]| t.iter().map(|p| p.1).fold(0.0, f64::min);
        let (on, off) = if ex.answer == 1 { (&b, &a) } else { (&a, &b) };
        assert!(deepest(on) < -3.0, "seed {seed}: {:.1} dB", deepest(on));
        assert!(deepest(off) > deepest(on) + 3.0, "seed {seed}");
        let frames = ex.excerpt.frames as f64 / 48_000.0;
        let last = on.last().expect("points").0;
        assert!((frames - last).abs() < 0.01, "the trace spans the excerpt");
    }
}

#[test]
fn a_reverb_decay_drill_shows_the_longer_decay_in_the_version_that_has_it() {
    for seed in [1, 2, 3] {
        let (ex, p) = lesson_exercise("reverb-decay", 1500.0, seed);
        let Picture::Decay { what, a, b } = p else {
            panic!("seed {seed}: {p:?}");
        };
        assert_eq!(what, "reverb");
        let (long, short) = if ex.answer == 1 { (&b, &a) } else { (&a, &b) };
        assert!(
            fall(long, 30.0) > 1.3 * fall(short, 30.0),
            "seed {seed}: {:.2} s against {:.2} s",
            fall(long, 30.0),
            fall(short, 30.0)
        );
    }
}

#[test]
fn a_delay_time_drill_shows_the_later_echo_in_the_version_that_has_it() {
    for seed in [1, 2] {
        let (ex, p) = lesson_exercise("delay-time", 150.0, seed);
        let Picture::Decay { what, a, b } = p else {
            panic!("seed {seed}: {p:?}");
        };
        assert_eq!(what, "delay");
        // Before the first echo the return is silent: its energy has not
        // started to fall. The longer delay keeps it up longer.
        let (long, short) = if ex.answer == 1 { (&b, &a) } else { (&a, &b) };
        assert!(fall(long, 1.0) > fall(short, 1.0), "seed {seed}");
    }
}
