//! The rest of a strip after its lane processors: width, fader and pan,
//! the post-fader sends, and where its output goes. Tails work on whole
//! blocks and vectorise over samples; at rest the whole tail is one pass.

use super::plan::{Route, StripPlan};
use super::strip::Strip;
use crate::dsp::pan::{FaderPan, Settled, add_settled};
use crate::dsp::ramp::Ramp;
use crate::dsp::simd::Isa;
use crate::dsp::width::Width;
use crate::dsp::{Block, db_to_gain};

/// A strip after its lane processors: width, fader and pan, sends, and
/// where its output goes.
pub(super) struct Tail {
    width: Width,
    pub(super) fader: FaderPan,
    pub(super) reverb: Option<(usize, Ramp)>,
    pub(super) delay: Option<(usize, Ramp)>,
    pub(super) output: Route,
}

fn fader_db(strip: &Strip) -> f32 {
    if strip.mute {
        f32::NEG_INFINITY
    } else {
        strip.gain_db
    }
}

impl Tail {
    pub(super) fn build(strip: &Strip, plan: &StripPlan) -> Self {
        Self {
            width: Width::new(strip.width),
            fader: FaderPan::new(fader_db(strip), strip.pan),
            reverb: strip.reverb.map(|r| {
                (
                    plan.reverb.unwrap_or(0),
                    Ramp::new(db_to_gain(r.send_db), 20.0),
                )
            }),
            delay: strip.delay.as_ref().map(|d| {
                (
                    plan.delay.unwrap_or(0),
                    Ramp::new(db_to_gain(d.send_db), 20.0),
                )
            }),
            output: plan.output,
        }
    }

    pub(super) fn update(&mut self, strip: &Strip) {
        self.width.set(strip.width);
        self.fader.set(fader_db(strip), strip.pan);
        if let (Some((_, g)), Some(s)) = (&mut self.reverb, &strip.reverb) {
            g.set(db_to_gain(s.send_db));
        }
        if let (Some((_, g)), Some(s)) = (&mut self.delay, &strip.delay) {
            g.set(db_to_gain(s.send_db));
        }
    }

    /// Runs the tail on `block` in place (it comes out stereo); the
    /// master's, which has no route or sends.
    pub(super) fn process_in_place(&mut self, block: &mut Block) {
        self.width.process(block);
        self.fader.process(block);
    }

    /// Adds the strip's output, from `block` (before width and fader),
    /// into its destination and sends. `block` is only read (variants that
    /// share a strip's lanes read the same block): at rest the tail is one
    /// pass over it; while a control glides, the steps run one by one on a
    /// copy in `scratch`.
    pub(super) fn add_into(
        &mut self,
        isa: Isa,
        block: &Block,
        scratch: &mut Block,
        to: &mut Outputs,
    ) {
        let mono = block.channels() == 1;
        let sends_settled = [&self.reverb, &self.delay]
            .iter()
            .all(|s| s.as_ref().is_none_or(|(_, g)| !g.is_moving()));
        if let (Some(width), Some(gains), true) = (
            self.width.settled(),
            self.fader.settled_gains(mono),
            sends_settled,
        ) {
            let Outputs {
                master,
                buses,
                reverbs,
                delays,
            } = to;
            // A stage with no buses to feed (the buses themselves) feeds
            // the master.
            let dest = match self.output {
                Route::Bus(b) if b < buses.len() => &mut buses[b],
                _ => &mut **master,
            };
            let reverb = self
                .reverb
                .as_ref()
                .map(|(i, g)| (&mut reverbs[*i], g.value()));
            let delay = self
                .delay
                .as_ref()
                .map(|(i, g)| (&mut delays[*i], g.value()));
            let sends = [reverb, delay];
            add_settled(
                isa,
                block,
                Settled {
                    width,
                    gains,
                    dest,
                    sends,
                },
            );
            return;
        }
        scratch.copy_from(block);
        let block = scratch;
        self.process_in_place(block);
        if let Some((i, gain)) = &mut self.reverb {
            add_ramped(&mut to.reverbs[*i], block, gain);
        }
        if let Some((i, gain)) = &mut self.delay {
            add_ramped(&mut to.delays[*i], block, gain);
        }
        match self.output {
            Route::Bus(b) if b < to.buses.len() => to.buses[b].add_scaled(block, 1.0),
            _ => to.master.add_scaled(block, 1.0),
        }
    }
}

/// Where a stage's strips send their outputs: the master, the group buses,
/// and the reverb and delay returns' inputs.
pub(super) struct Outputs<'a> {
    pub(super) master: &'a mut Block,
    pub(super) buses: &'a mut [Block],
    pub(super) reverbs: &'a mut [Block],
    pub(super) delays: &'a mut [Block],
}

/// dst += src × a ramped gain.
fn add_ramped(dst: &mut Block, src: &Block, gain: &mut Ramp) {
    if !gain.is_moving() {
        dst.add_scaled(src, gain.value());
        return;
    }
    let (dl, dr) = dst.stereo_mut();
    for i in 0..src.len() {
        let g = gain.next_value();
        dl[i] += src.channel(0)[i] * g;
        dr[i] += src.channel(1)[i] * g;
    }
}
