//! The strips of one stage of the graph — the stems, the group buses or the
//! master — processed together.
//!
//! Gate, EQ, compressor and saturation (its oversampling filters) are
//! recursions: each sample waits on the last, so one strip at a time is
//! bound by their latency. Strips are independent of each other, though, so
//! the bank packs their channels eight to a [`Pack`] (a stereo strip on two
//! neighbouring, linked lanes) and runs those four processors in SIMD lanes.
//! A strip with none of them takes no lane. The rest of each strip — width,
//! fader, pan and the post-fader sends — then runs strip by strip
//! ([`Tail`]); those work on whole blocks and vectorise over samples.

use super::plan::{Route, StripPlan};
use super::strip::Strip;
use crate::dsp::compressor::{CompressorLanes, SidechainKeys};
use crate::dsp::eq::{BandParams, EqLanes};
use crate::dsp::gate::GateLanes;
use crate::dsp::pan::{FaderPan, Settled, add_settled};
use crate::dsp::ramp::Ramp;
use crate::dsp::saturation::{SatSettings, SaturationLanes};
use crate::dsp::simd::{self, Frames, Isa, LANES};
use crate::dsp::width::Width;
use crate::dsp::{Block, db_to_gain};

/// Where a strip's channels sit: `lane`, and `lane + 1` for a stereo strip.
#[derive(Clone, Copy, Debug)]
struct Place {
    pack: usize,
    lane: usize,
    stereo: bool,
}

impl Place {
    fn lanes(self) -> std::ops::Range<usize> {
        self.lane..self.lane + 1 + self.stereo as usize
    }
}

/// Up to eight channels of strips, with the lane processors any of them use.
struct Pack {
    frames: Box<Frames>,
    gate: Option<GateLanes>,
    eq: Option<EqLanes>,
    comp: Option<CompressorLanes>,
    saturation: Option<SaturationLanes>,
    /// The sidechain keys, when a lane is keyed by another stem.
    keys: Option<SidechainKeys>,
    /// The strips with lanes here.
    members: Vec<usize>,
}

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

fn sat_settings(s: &super::strip::Saturation) -> SatSettings {
    SatSettings {
        drive_db: s.drive_db,
        mix: s.mix,
    }
}

impl Tail {
    fn build(strip: &Strip, plan: &StripPlan) -> Self {
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

    fn update(&mut self, strip: &Strip) {
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
    fn process_in_place(&mut self, block: &mut Block) {
        self.width.process(block);
        self.fader.process(block);
    }

    /// Adds the strip's output, from `block` (before width and fader),
    /// into its destination and sends. At rest that is one pass over
    /// `block` (which is left as it was); while a control glides, the steps
    /// run one by one on `block` in place.
    fn add_into(&mut self, isa: Isa, block: &mut Block, to: &mut Outputs) {
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

/// The strips of one stage.
pub(super) struct Bank {
    isa: Isa,
    packs: Vec<Pack>,
    places: Vec<Option<Place>>,
    sidechains: Vec<Option<usize>>,
    pub(super) tails: Vec<Tail>,
}

impl Bank {
    /// Strips `strips` (with `channels` input channels each and shapes
    /// `plans`), their lane processors on `isa`.
    pub(super) fn new(strips: &[Strip], channels: &[usize], plans: &[StripPlan], isa: Isa) -> Self {
        let needs_lanes = |s: &Strip| s.gate.is_some() || !s.eq.is_empty() || s.comp.is_some();
        // Stereo strips first, each on an even lane and its neighbour; then
        // mono strips fill the lanes left.
        let mut places: Vec<Option<Place>> = vec![None; strips.len()];
        let mut next = 0;
        for stereo in [true, false] {
            for (i, s) in strips.iter().enumerate() {
                if !needs_lanes(s) || (channels[i] == 2) != stereo {
                    continue;
                }
                let width = 1 + stereo as usize;
                if next % LANES + width > LANES {
                    next += LANES - next % LANES;
                }
                places[i] = Some(Place {
                    pack: next / LANES,
                    lane: next % LANES,
                    stereo,
                });
                next += width;
            }
        }
        let mut packs: Vec<Pack> = (0..next.div_ceil(LANES))
            .map(|_| Pack {
                frames: Frames::boxed(),
                gate: None,
                eq: None,
                comp: None,
                saturation: None,
                keys: None,
                members: Vec::new(),
            })
            .collect();
        for (i, (strip, place)) in strips.iter().zip(&places).enumerate() {
            let Some(place) = *place else { continue };
            let pack = &mut packs[place.pack];
            pack.members.push(i);
            if strip.gate.is_some() {
                let gate = pack.gate.get_or_insert_with(|| GateLanes::new(isa));
                if place.stereo {
                    gate.link(place.lane);
                }
            }
            if !strip.eq.is_empty() {
                pack.eq.get_or_insert_with(|| EqLanes::new(isa));
            }
            if strip.comp.is_some() {
                let comp = pack.comp.get_or_insert_with(|| CompressorLanes::new(isa));
                if place.stereo {
                    comp.link(place.lane);
                }
                if plans[i].sidechain.is_some() {
                    let keys = pack.keys.get_or_insert_with(SidechainKeys::new);
                    for lane in place.lanes() {
                        keys.mask[lane] = 1.0;
                    }
                }
            }
            if strip.saturation.is_some() {
                pack.saturation
                    .get_or_insert_with(|| SaturationLanes::new(isa));
            }
            let chain: Vec<(BandParams, bool)> = strip
                .eq
                .iter()
                .map(|b| (b.params(), b.slope_db_oct == Some(24)))
                .collect();
            for lane in place.lanes() {
                if let Some(gate) = &mut pack.gate {
                    gate.set(lane, strip.gate.map(|g| g.settings()));
                }
                if let Some(eq) = &mut pack.eq {
                    eq.set_chain(lane, &chain);
                }
                if let Some(comp) = &mut pack.comp {
                    comp.set(lane, strip.comp.as_ref().map(|c| c.settings()));
                }
                if let Some(sat) = &mut pack.saturation {
                    sat.set(lane, strip.saturation.as_ref().map(sat_settings));
                }
            }
        }
        Bank {
            isa,
            packs,
            places,
            sidechains: plans.iter().map(|p| p.sidechain).collect(),
            tails: strips
                .iter()
                .zip(plans)
                .map(|(s, p)| Tail::build(s, p))
                .collect(),
        }
    }

    /// Moves strip `i` to `strip`'s values (same shape), gliding.
    /// Real-time safe.
    pub(super) fn update(&mut self, i: usize, strip: &Strip) {
        if let Some(place) = self.places[i] {
            let pack = &mut self.packs[place.pack];
            for lane in place.lanes() {
                if let (Some(gate), Some(g)) = (&mut pack.gate, &strip.gate) {
                    gate.set(lane, Some(g.settings()));
                }
                if let Some(eq) = &mut pack.eq {
                    for (band, b) in strip.eq.iter().enumerate() {
                        eq.set_band(lane, band, b.params());
                    }
                }
                if let (Some(comp), Some(c)) = (&mut pack.comp, &strip.comp) {
                    comp.set(lane, Some(c.settings()));
                }
                if let (Some(sat), Some(st)) = (&mut pack.saturation, &strip.saturation) {
                    sat.set(lane, Some(sat_settings(st)));
                }
            }
        }
        self.tails[i].update(strip);
    }

    /// Band `band` of strip `i`'s EQ, where it is heading.
    pub(super) fn eq_band(&self, i: usize, band: usize) -> Option<BandParams> {
        let place = self.places[i]?;
        self.packs[place.pack].eq.as_ref()?.band(place.lane, band)
    }

    /// Glides band `band` of strip `i`'s EQ to `params`. Real-time safe.
    pub(super) fn set_eq_band(&mut self, i: usize, band: usize, params: BandParams) {
        let Some(place) = self.places[i] else { return };
        if let Some(eq) = &mut self.packs[place.pack].eq {
            for lane in place.lanes() {
                eq.set_band(lane, band, params);
            }
        }
    }

    /// Strip `i`'s largest compressor gain reduction since the last call
    /// (dB, positive; 0 without a compressor).
    pub(super) fn take_reduction_db(&mut self, i: usize) -> f32 {
        let Some(place) = self.places[i] else {
            return 0.0;
        };
        let Some(comp) = &mut self.packs[place.pack].comp else {
            return 0.0;
        };
        place
            .lanes()
            .map(|lane| comp.take_meter_db(lane))
            .fold(0.0, f32::max)
    }

    /// Runs every strip on its block and adds its output into `to` (its
    /// bus or the master, and its sends); `keys` are the stems' inputs,
    /// which sidechains listen to (empty when no strip has a sidechain).
    /// The blocks may be changed on the way.
    pub(super) fn process(&mut self, blocks: &mut [Block], keys: &[Block], mut to: Outputs) {
        self.run_packs(blocks, keys);
        for (tail, block) in self.tails.iter_mut().zip(blocks.iter_mut()) {
            tail.add_into(self.isa, block, &mut to);
        }
    }

    /// Runs every strip on its block in place (the master: no route, no
    /// sends).
    pub(super) fn process_in_place(&mut self, blocks: &mut [Block], keys: &[Block]) {
        self.run_packs(blocks, keys);
        for (tail, block) in self.tails.iter_mut().zip(blocks.iter_mut()) {
            tail.process_in_place(block);
        }
    }

    /// Gate, EQ, compressor and saturation of every pack, in lanes.
    fn run_packs(&mut self, blocks: &mut [Block], keys: &[Block]) {
        for (p, pack) in self.packs.iter_mut().enumerate() {
            let len = pack.members.first().map_or(0, |&i| blocks[i].len());
            let mut rows: [Option<&[f32]>; LANES] = [None; LANES];
            for &i in &pack.members {
                if let Some(place) = self.places[i] {
                    rows[place.lane] = Some(blocks[i].channel(0));
                    if place.stereo {
                        rows[place.lane + 1] = Some(blocks[i].channel(1));
                    }
                }
            }
            simd::to_lanes(self.isa, &rows, &mut pack.frames, len);
            if let Some(gate) = &mut pack.gate {
                gate.process(&mut pack.frames, len);
            }
            if let Some(eq) = &mut pack.eq {
                eq.process(&mut pack.frames, len);
            }
            if let Some(comp) = &mut pack.comp {
                if let Some(k) = &mut pack.keys {
                    fill_keys(
                        self.isa,
                        k,
                        &pack.members,
                        &self.places,
                        &self.sidechains,
                        keys,
                        len,
                    );
                }
                comp.process(&mut pack.frames, len, pack.keys.as_ref());
            }
            if let Some(sat) = &mut pack.saturation {
                sat.process(&mut pack.frames, len);
            }
            let mut out: [Option<&mut [f32]>; LANES] = Default::default();
            for (i, block) in blocks.iter_mut().enumerate() {
                let Some(place) = self.places[i].filter(|place| place.pack == p) else {
                    continue;
                };
                let (l, r) = block.stereo_mut();
                out[place.lane] = Some(l);
                if place.stereo {
                    out[place.lane + 1] = Some(r);
                }
            }
            simd::from_lanes(self.isa, &pack.frames, &mut out, len);
        }
    }
}

/// Writes each keyed lane's key (both channels of the key stem; a mono key
/// in both) into `k`.
fn fill_keys(
    isa: Isa,
    k: &mut SidechainKeys,
    members: &[usize],
    places: &[Option<Place>],
    sidechains: &[Option<usize>],
    keys: &[Block],
    len: usize,
) {
    let mut left: [Option<&[f32]>; LANES] = [None; LANES];
    let mut right: [Option<&[f32]>; LANES] = [None; LANES];
    for &i in members {
        let (Some(place), Some(key)) = (places[i], sidechains[i].and_then(|s| keys.get(s))) else {
            continue;
        };
        if key.len() < len {
            continue;
        }
        for lane in place.lanes() {
            left[lane] = Some(key.channel(0));
            right[lane] = Some(key.channel(key.channels() - 1));
        }
    }
    simd::to_lanes(isa, &left, &mut k.left, len);
    simd::to_lanes(isa, &right, &mut k.right, len);
}
