//! The shape of a compiled mix: which processors each strip has, where it
//! sends its output, which shared reverb and delay returns exist, and which
//! automation lanes move what. Two mixes of the same shape can swap values
//! in place; any other edit needs a new graph.

use super::automation::Motion;
use super::error::EngineError;
use super::layout::StemLayout;
use super::mix::Mix;
use super::param::Target;
use super::processors::LaneShape;
use super::strip::Strip;
use crate::dsp::delay::DelaySettings;
use crate::dsp::reverb::ReverbSettings;

/// The shape of a graph: what must match for an edit to apply in place.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Plan {
    pub(super) strips: Vec<StripPlan>,
    pub(super) buses: Vec<StripPlan>,
    pub(super) master: StripPlan,
    pub(super) reverbs: Vec<[u32; 4]>,
    pub(super) delays: Vec<[u32; 4]>,
    pub(super) lanes: Vec<(Route, Motion, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct StripPlan {
    pub(super) lanes: LaneShape,
    pub(super) sidechain: Option<usize>,
    pub(super) reverb: Option<usize>,
    pub(super) delay: Option<usize>,
    pub(super) output: Route,
}

/// Where a strip sends its output, or which strip a lane moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Route {
    Stem(usize),
    Bus(usize),
    Master,
}

pub(super) fn reverb_key(s: &ReverbSettings) -> [u32; 4] {
    [
        s.decay_s.to_bits(),
        s.predelay_ms.to_bits(),
        s.damping.to_bits(),
        s.size.to_bits(),
    ]
}

pub(super) fn delay_key(s: &DelaySettings) -> [u32; 4] {
    [
        s.time_ms.to_bits(),
        s.feedback.to_bits(),
        s.high_cut_hz.to_bits(),
        s.ping_pong as u32,
    ]
}

pub(super) fn delay_settings(
    strip: &Strip,
    tempo_bpm: f32,
) -> Result<Option<DelaySettings>, EngineError> {
    strip
        .delay
        .as_ref()
        .map(|d| {
            Ok(DelaySettings {
                time_ms: d.resolved_time_ms(tempo_bpm)?,
                feedback: d.feedback,
                high_cut_hz: d.high_cut_hz,
                ping_pong: d.ping_pong,
            })
        })
        .transpose()
}

impl Plan {
    pub(super) fn of(
        layout: &[StemLayout],
        mix: &Mix,
        tempo_bpm: f32,
    ) -> Result<Plan, EngineError> {
        let bus_names: Vec<&String> = mix.buses.keys().collect();
        let mut reverbs: Vec<[u32; 4]> = Vec::new();
        let mut delays: Vec<[u32; 4]> = Vec::new();
        let mut plan_strip = |strip: &Strip| -> Result<StripPlan, EngineError> {
            let sidechain = match strip.comp.as_ref().and_then(|c| c.sidechain.as_ref()) {
                Some(key) => {
                    Some(layout.iter().position(|s| &s.name == key).ok_or_else(|| {
                        format!("sidechain '{key}' is not a stem of this session")
                    })?)
                }
                None => None,
            };
            let slot =
                |list: &mut Vec<[u32; 4]>, key: [u32; 4]| match list.iter().position(|k| *k == key)
                {
                    Some(i) => i,
                    None => {
                        list.push(key);
                        list.len() - 1
                    }
                };
            let reverb = strip
                .reverb
                .map(|r| slot(&mut reverbs, reverb_key(&r.settings())));
            let delay = delay_settings(strip, tempo_bpm)?.map(|d| slot(&mut delays, delay_key(&d)));
            let output = match &strip.bus {
                Some(b) => Route::Bus(
                    bus_names
                        .iter()
                        .position(|n| *n == b)
                        .ok_or_else(|| format!("no bus '{b}'"))?,
                ),
                None => Route::Master,
            };
            Ok(StripPlan {
                lanes: strip.lane_processors().shape(),
                sidechain,
                reverb,
                delay,
                output,
            })
        };
        let strips = layout
            .iter()
            .map(|s| plan_strip(&mix.strip(&s.name)).map_err(|e| format!("{}: {e}", s.name)))
            .collect::<Result<Vec<_>, _>>()?;
        let buses = mix
            .buses
            .iter()
            .map(|(n, s)| plan_strip(s).map_err(|e| format!("{n}: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let master = plan_strip(&mix.master).map_err(|e| format!("master: {e}"))?;
        let mut lanes = Vec::new();
        for (i, lane) in mix.automation.iter().enumerate() {
            let route = match mix.resolve(&lane.target) {
                Target::Master => Route::Master,
                Target::Bus(b) => Route::Bus(bus_names.iter().position(|n| **n == b).unwrap_or(0)),
                Target::Stem(s) => Route::Stem(
                    layout
                        .iter()
                        .position(|l| l.name == s)
                        .ok_or_else(|| format!("automation[{i}]: no stem '{s}'"))?,
                ),
            };
            let motion = lane
                .motion()
                .ok_or_else(|| format!("automation[{i}]: '{}' cannot be automated", lane.param))?;
            lanes.push((route, motion, i));
        }
        Ok(Plan {
            strips,
            buses,
            master,
            reverbs,
            delays,
            lanes,
        })
    }
}
