//! Solo ↔ mix in a drill: soloing the changed stem keeps the same hidden
//! change, and mutes everything else.

use mixtutor::analysis::{loudness, spectrum_difference};
use mixtutor::lessons::{find, load_all};
use mixtutor::quiz::{generate, render_pair, render_solo_pair, solo_stem};

#[test]
fn the_soloed_stem_carries_the_same_change_and_nothing_else_plays() {
    let (lessons, _) = load_all(None);
    let lesson = find(&lessons, "eq-which-stem").expect("the lesson");
    let mut checked = 0;
    for seed in 1..6 {
        let ex = generate(&lesson.id, &lesson.drills[0], 9.0, seed, None).expect("generates");
        let Some(stem) = solo_stem(&ex) else {
            continue;
        };
        let full = render_pair(&ex, None).expect("full pair");
        let solo = render_solo_pair(&ex, stem, None).expect("solo pair");
        let (lf, ls) = (
            loudness(&full.a).expect("measured").integrated_lufs,
            loudness(&solo.a).expect("measured").integrated_lufs,
        );
        assert!(
            ls < lf - 1.0,
            "one stem alone is quieter ({ls:.1} vs {lf:.1} LUFS)"
        );
        // B − A of the solo pair stands out at the changed band: loudness
        // matching moves every band, so it is measured against the median.
        let f = ex.change.freq_hz.expect("an EQ change");
        let sign = ex.change.gain_db.expect("an EQ gain").signum();
        let d = spectrum_difference(&solo.a, &solo.b);
        let at = d
            .iter()
            .min_by(|a, b| (a.0 / f).ln().abs().total_cmp(&(b.0 / f).ln().abs()))
            .expect("bands")
            .1;
        let mut sorted: Vec<f64> = d.iter().map(|p| p.1).collect();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        assert!(
            sign * (at - median) >= 3.0,
            "seed {seed}: {stem} changed at {f} Hz, solo B − A there {at:.1} dB, median {median:.1} dB"
        );
        checked += 1;
    }
    assert!(checked >= 3, "{checked} exercises had a stem to solo");
}
