//! What a strip holds, processor by processor: the one description the
//! graph derives from which strips take SIMD lanes, which strips two mixes
//! can share, and the shape of the plan an edit must keep.
//!
//! Both views destructure without `..`: a field added to [`Strip`] does not
//! compile until it is placed here, as a lane processor or as part of the
//! strip's tail (width, fader, pan, routing, sends; `engine/tail.rs`).

use super::strip::{Comp, EqBand, Gate, Saturation, Strip};
use crate::dsp::biquad::Shape;

/// A strip's lane processors: the recursions (gate → EQ → compressor →
/// saturation) that run eight strips at a time in SIMD lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LaneProcessors<'a> {
    pub(super) gate: Option<&'a Gate>,
    pub(super) eq: &'a [EqBand],
    pub(super) comp: Option<&'a Comp>,
    pub(super) saturation: Option<&'a Saturation>,
}

/// Which lane processors a strip has, and the EQ's filter shapes: what must
/// stay the same for an edit to glide in place.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct LaneShape {
    pub(super) gate: bool,
    /// Each band's shape, and whether it is a 24 dB/oct cascade.
    pub(super) eq: Vec<(Shape, bool)>,
    pub(super) comp: bool,
    pub(super) saturation: bool,
}

impl Strip {
    /// The strip's lane processors.
    pub(super) fn lane_processors(&self) -> LaneProcessors<'_> {
        let Strip {
            // The tail: width, fader, pan, routing and sends.
            gain_db: _,
            pan: _,
            width: _,
            mute: _,
            bus: _,
            reverb: _,
            delay: _,
            // The lanes.
            gate,
            eq,
            comp,
            saturation,
        } = self;
        LaneProcessors {
            gate: gate.as_ref(),
            eq,
            comp: comp.as_ref(),
            saturation: saturation.as_ref(),
        }
    }
}

impl LaneProcessors<'_> {
    /// Whether the strip takes lanes at all; one without passes its block
    /// through untouched and costs nothing.
    pub(super) fn any(&self) -> bool {
        let LaneProcessors {
            gate,
            eq,
            comp,
            saturation,
        } = self;
        gate.is_some() || !eq.is_empty() || comp.is_some() || saturation.is_some()
    }

    /// The shape of these processors.
    pub(super) fn shape(&self) -> LaneShape {
        let LaneProcessors {
            gate,
            eq,
            comp,
            saturation,
        } = self;
        LaneShape {
            gate: gate.is_some(),
            eq: eq
                .iter()
                .map(|b| (b.params().shape, b.slope_db_oct == Some(24)))
                .collect(),
            comp: comp.is_some(),
            saturation: saturation.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::param::{Param, Value};

    /// Every block that puts a processor in the lanes, one at a time: each
    /// alone makes the strip take lanes (a saturation-only strip was once
    /// bypassed because one hand-kept list forgot it).
    #[test]
    fn each_lane_processor_alone_takes_lanes() {
        let blocks = [
            (
                Param::Gate,
                Value::Gate(Gate {
                    threshold_db: -40.0,
                    range_db: 40.0,
                    attack_ms: 1.0,
                    hold_ms: 20.0,
                    release_ms: 80.0,
                }),
            ),
            (Param::Comp, Value::Comp(Comp::default())),
            (
                Param::Saturation,
                Value::Saturation(Saturation {
                    drive_db: 12.0,
                    mix: 1.0,
                }),
            ),
        ];
        assert!(!Strip::default().lane_processors().any());
        for (param, value) in blocks {
            let mut strip = Strip::default();
            strip.set(param, value).expect("a block sets");
            assert!(strip.lane_processors().any(), "{param} alone");
        }
        let mut eq = Strip::default();
        eq.eq.push(EqBand {
            kind: crate::engine::strip::EqType::Peak,
            freq_hz: 1000.0,
            gain_db: 3.0,
            q: 1.0,
            slope_db_oct: None,
        });
        assert!(eq.lane_processors().any(), "EQ alone");
    }
}
