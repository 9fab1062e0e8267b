//! One mix after its stems' lane processors: the stems' tails (width,
//! fader, pan, sends), the group buses, the reverb and delay returns, the
//! master strip and the limiter — and the automation that moves them.
//!
//! Every strip's lane processors (gate, EQ, compressor, saturation) live in
//! the [`super::Graph`]'s [`Stages`], which runs them for all its mixes
//! together: once for the stem strips several mixes have in common, and
//! side by side in the same SIMD packs for the buses and masters. Each mix's
//! [`Mixdown`] sums its own mix around them, in three steps: the stems' tails
//! into the buses, returns and master; the buses' tails and the returns
//! into the master; the master's tail and the limiter.

use super::automation::{Lane, Motion};
use super::error::EngineError;
use super::lanes::StripLanes;
use super::mix::Mix;
use super::plan::{Plan, Route, StripPlan, delay_settings};
use super::strip::Strip;
use super::tail::{Outputs, Tail};
use crate::dsp::delay::Delay;
use crate::dsp::eq::BandParams;
use crate::dsp::limiter::Limiter;
use crate::dsp::reverb::Reverb;
use crate::dsp::simd::Isa;
use crate::dsp::{Block, FS, MAX_BLOCK, db_to_gain};
use std::ops::Range;

/// The lane processors of a graph's strips, by stage: the stems' (shared
/// where mixes agree), every mix's buses one after another, and every mix's
/// master (mix `v`'s is strip `v`).
pub(super) struct Stages {
    pub(super) stems: StripLanes,
    pub(super) buses: StripLanes,
    pub(super) masters: StripLanes,
}

/// Where one mix's strips have their lanes in the graph's [`Stages`].
pub(super) struct Places {
    /// Which of the graph's mixes this is (its master's lane strip).
    pub(super) index: usize,
    /// Each stem's lane strip, and whether this mix moves that strip's EQ.
    pub(super) stems: Vec<(usize, bool)>,
    /// This mix's buses among the bus lanes.
    pub(super) buses: Range<usize>,
}

/// Everything of one mix but its strips' lane processors.
pub(super) struct Mixdown {
    /// Which of the graph's mixes this is.
    index: usize,
    pub(super) plan: Plan,
    automation: Vec<Lane>,
    /// Each stem's strip among the stem lanes.
    pub(super) strips: Vec<usize>,
    /// Whether this mix's automation moves that strip's EQ: the first mix
    /// using a strip does, for every mix sharing it (they share only when
    /// their EQ automation is the same).
    owns: Vec<bool>,
    pub(super) tails: Vec<Tail>,
    /// This mix's buses among the bus lanes.
    pub(super) buses: Range<usize>,
    pub(super) bus_tails: Vec<Tail>,
    pub(super) master_tail: Tail,
    pub(super) limiter: Option<Limiter>,
    reverbs: Vec<Reverb>,
    delays: Vec<Delay>,
    reverb_in: Vec<Block>,
    delay_in: Vec<Block>,
}

impl Mixdown {
    /// `mix` (of shape `plan`, stem strips `stems`), its strips' lanes at
    /// `places` in the graph's [`Stages`].
    pub(super) fn new(
        stems: &[Strip],
        mix: &Mix,
        plan: Plan,
        places: Places,
        tempo_bpm: f32,
        limiter: bool,
    ) -> Result<Mixdown, EngineError> {
        let Places {
            index,
            stems: lane_strips,
            buses,
        } = places;
        let bus_strips: Vec<Strip> = mix.buses.values().cloned().collect();
        let mut reverbs: Vec<Option<Reverb>> = (0..plan.reverbs.len()).map(|_| None).collect();
        let mut delays: Vec<Option<Delay>> = (0..plan.delays.len()).map(|_| None).collect();
        for (strip, p) in stems
            .iter()
            .chain(&bus_strips)
            .zip(plan.strips.iter().chain(&plan.buses))
        {
            if let (Some(r), Some(i)) = (strip.reverb, p.reverb) {
                reverbs[i].get_or_insert_with(|| Reverb::new(r.settings()));
            }
            if let (Some(d), Some(i)) = (delay_settings(strip, tempo_bpm)?, p.delay) {
                delays[i].get_or_insert_with(|| Delay::new(d));
            }
        }
        let (strips, owns) = lane_strips.into_iter().unzip();
        let stereo = |n: usize| (0..n).map(|_| Block::new(2, MAX_BLOCK)).collect();
        let tails = |strips: &[Strip], plans: &[StripPlan]| {
            strips
                .iter()
                .zip(plans)
                .map(|(s, p)| Tail::build(s, p))
                .collect()
        };
        Ok(Mixdown {
            index,
            automation: mix.automation.clone(),
            strips,
            owns,
            tails: tails(stems, &plan.strips),
            buses,
            bus_tails: tails(&bus_strips, &plan.buses),
            master_tail: Tail::build(&mix.master, &plan.master),
            limiter: limiter
                .then(|| Limiter::new(mix.limiter.ceiling_dbtp, mix.limiter.release_ms)),
            reverbs: reverbs.into_iter().flatten().collect(),
            delays: delays.into_iter().flatten().collect(),
            reverb_in: stereo(plan.reverbs.len()),
            delay_in: stereo(plan.delays.len()),
            plan,
        })
    }

    /// Replaces the automation (same lanes, new breakpoints).
    pub(super) fn set_automation(&mut self, lanes: &[Lane]) {
        if self.automation.len() == lanes.len() {
            self.automation.clone_from_slice(lanes);
        } else {
            self.automation = lanes.to_vec();
        }
    }

    /// Moves what the automation moves to where it is at the end of a block
    /// of `len` frames ending at `end_frame`, gliding over the block.
    pub(super) fn automate(&mut self, stages: &mut Stages, end_frame: usize, len: usize) {
        let t = end_frame as f64 / FS as f64;
        for k in 0..self.plan.lanes.len() {
            let (route, param, lane) = self.plan.lanes[k];
            let value = self.automation[lane].value_at(t) as f32;
            let (tail, lanes) = match route {
                Route::Stem(i) => (
                    &mut self.tails[i],
                    self.owns[i].then_some((&mut stages.stems, self.strips[i])),
                ),
                Route::Bus(i) => (
                    &mut self.bus_tails[i],
                    Some((&mut stages.buses, self.buses.start + i)),
                ),
                Route::Master => (
                    &mut self.master_tail,
                    Some((&mut stages.masters, self.index)),
                ),
            };
            move_param(tail, lanes, param, value, len);
        }
    }

    /// Step 1: starts the mix in `out` (stereo, `len` frames) and this
    /// mix's bus inputs `buses` with the stems after their lane processors
    /// (`stems`, indexed by [`Mixdown::strips`]); `scratch` is a stereo
    /// block to work in.
    pub(super) fn mix_stems(
        &mut self,
        isa: Isa,
        stems: &[Block],
        buses: &mut [Block],
        scratch: &mut Block,
        out: &mut Block,
    ) {
        let len = out.len();
        for b in buses
            .iter_mut()
            .chain(&mut self.reverb_in)
            .chain(&mut self.delay_in)
        {
            b.reset(2, len);
        }
        let mut to = Outputs {
            master: out,
            buses,
            reverbs: &mut self.reverb_in,
            delays: &mut self.delay_in,
        };
        for (tail, &strip) in self.tails.iter_mut().zip(&self.strips) {
            tail.add_into(isa, &stems[strip], scratch, &mut to);
        }
    }

    /// Step 2: adds the buses (after their lane processors) and the returns
    /// into `out`.
    pub(super) fn mix_buses(
        &mut self,
        isa: Isa,
        buses: &[Block],
        scratch: &mut Block,
        out: &mut Block,
    ) {
        let mut to = Outputs {
            master: out,
            buses: &mut [],
            reverbs: &mut self.reverb_in,
            delays: &mut self.delay_in,
        };
        for (tail, block) in self.bus_tails.iter_mut().zip(buses) {
            tail.add_into(isa, block, scratch, &mut to);
        }
        for (reverb, input) in self.reverbs.iter_mut().zip(&self.reverb_in) {
            reverb.process(input, scratch);
            out.add_scaled(scratch, 1.0);
        }
        for (delay, input) in self.delays.iter_mut().zip(&self.delay_in) {
            delay.process(input, scratch);
            out.add_scaled(scratch, 1.0);
        }
    }

    /// Step 3: the master's tail and the limiter, on `out` (after the
    /// master's lane processors).
    pub(super) fn finish(&mut self, out: &mut Block) {
        self.master_tail.process_in_place(out);
        if let Some(l) = &mut self.limiter {
            l.process(out);
        }
    }
}

/// Glides one automated parameter of a strip (its tail, and its lanes when
/// the caller moves them) to `value` over `len` frames.
fn move_param(
    tail: &mut Tail,
    lanes: Option<(&mut StripLanes, usize)>,
    param: Motion,
    value: f32,
    len: usize,
) {
    let eq = |band: BandParams| match param {
        Motion::EqFreqHz(_) => BandParams {
            freq_hz: value,
            ..band
        },
        _ => BandParams {
            gain_db: value,
            ..band
        },
    };
    match param {
        Motion::GainDb => tail.fader.set_gain_over(value, len as u32),
        Motion::Pan => tail.fader.set_pan_over(value, len as u32),
        Motion::ReverbSendDb => {
            if let Some((_, g)) = &mut tail.reverb {
                g.set_over(db_to_gain(value), len as u32);
            }
        }
        Motion::DelaySendDb => {
            if let Some((_, g)) = &mut tail.delay {
                g.set_over(db_to_gain(value), len as u32);
            }
        }
        Motion::EqFreqHz(n) | Motion::EqGainDb(n) => {
            if let Some((lanes, i)) = lanes
                && let Some(band) = lanes.eq_band(i, n)
            {
                lanes.set_eq_band(i, n, eq(band));
            }
        }
    }
}
