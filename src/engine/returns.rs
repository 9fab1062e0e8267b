//! The shared reverb and delay returns of a mix, as a desk shows them.
//!
//! In the strip format a return's character (decay, pre-delay, delay time,
//! feedback…) is part of each send, and strips whose sends have the same
//! character share one return. This lists those returns and the strips that
//! feed each, numbered in the order the graph builds them, so a desk can
//! show a return strip and edit every send that shares it at once.

use super::layout::StemLayout;
use super::mix::Mix;
use super::plan::Plan;

/// What a return does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Reverb,
    Delay,
}

/// One shared return.
#[derive(Clone, Debug, PartialEq)]
pub struct Return {
    pub kind: Kind,
    /// 1, 2… within its kind, in the graph's order.
    pub number: usize,
    /// The strips that send to it: stems in the session's order, then buses.
    pub feeders: Vec<String>,
}

impl Return {
    /// "Reverb 1", "Delay 2".
    pub fn label(&self) -> String {
        match self.kind {
            Kind::Reverb => format!("Reverb {}", self.number),
            Kind::Delay => format!("Delay {}", self.number),
        }
    }
}

/// The returns `mix` builds over `layout`: reverbs first, then delays.
pub fn returns(layout: &[StemLayout], mix: &Mix, tempo_bpm: f32) -> Result<Vec<Return>, String> {
    let plan = Plan::of(layout, mix, tempo_bpm)?;
    let strips = layout
        .iter()
        .map(|s| s.name.as_str())
        .zip(&plan.strips)
        .chain(mix.buses.keys().map(String::as_str).zip(&plan.buses));
    let mut out: Vec<Return> = (0..plan.reverbs.len())
        .map(|i| (Kind::Reverb, i))
        .chain((0..plan.delays.len()).map(|i| (Kind::Delay, i)))
        .map(|(kind, i)| Return {
            kind,
            number: i + 1,
            feeders: Vec::new(),
        })
        .collect();
    let delays_at = plan.reverbs.len();
    for (name, strip) in strips {
        if let Some(r) = strip.reverb {
            out[r].feeders.push(name.to_string());
        }
        if let Some(d) = strip.delay {
            out[delays_at + d].feeders.push(name.to_string());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(names: &[&str]) -> Vec<StemLayout> {
        names
            .iter()
            .map(|n| StemLayout {
                name: n.to_string(),
                channels: 1,
            })
            .collect()
    }

    #[test]
    fn sends_with_the_same_character_share_a_return() {
        let mix = Mix::from_toml(
            r#"
            [stems.vocal]
            reverb = { send_db = -10.0, decay_s = 2.5 }
            delay = { send_db = -18.0, note = "1/8" }
            [stems.snare]
            reverb = { send_db = -14.0, decay_s = 2.5 }
            [stems.guitar]
            reverb = { send_db = -20.0, decay_s = 1.0 }
            delay = { send_db = -20.0, time_ms = 250.0 }
            [buses.drums]
            reverb = { send_db = -6.0, decay_s = 1.0 }
            "#,
        )
        .expect("mix");
        // At 120 BPM an eighth note is 250 ms: the guitar's delay in ms and
        // the vocal's in notes are one return, as the graph builds them.
        let r =
            returns(&layout(&["vocal", "snare", "guitar", "kick"]), &mix, 120.0).expect("returns");
        let shown: Vec<(String, Vec<String>)> =
            r.iter().map(|r| (r.label(), r.feeders.clone())).collect();
        let want = [
            ("Reverb 1", vec!["vocal", "snare"]),
            ("Reverb 2", vec!["guitar", "drums"]),
            ("Delay 1", vec!["vocal", "guitar"]),
        ];
        assert_eq!(shown.len(), want.len(), "{shown:?}");
        for ((label, feeders), (l, f)) in shown.iter().zip(want) {
            assert_eq!(label, l);
            assert_eq!(feeders, &f);
        }
        // At another tempo the eighth note is no longer 250 ms: two delays.
        let r =
            returns(&layout(&["vocal", "snare", "guitar", "kick"]), &mix, 100.0).expect("returns");
        assert_eq!(r.iter().filter(|r| r.kind == Kind::Delay).count(), 2);
    }
}
