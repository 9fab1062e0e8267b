//! The lane processors of a stage's strips — gate, EQ, compressor and
//! saturation — run together in SIMD lanes.
//!
//! Those four are recursions: each sample waits on the last, so one strip
//! at a time is bound by their latency. Strips are independent of each
//! other, though, so their channels are packed eight to a [`Pack`] (a stereo
//! strip on two neighbouring, linked lanes) and each processor runs once per
//! pack. A strip with none of them takes no lane: its block passes as it is.

use super::strip::Strip;
use crate::dsp::Block;
use crate::dsp::compressor::{CompressorLanes, SidechainKeys};
use crate::dsp::eq::{BandParams, EqLanes};
use crate::dsp::gate::GateLanes;
use crate::dsp::saturation::{SatSettings, SaturationLanes};
use crate::dsp::simd::{self, Frames, Isa, LANES};

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

fn sat_settings(s: &super::strip::Saturation) -> SatSettings {
    SatSettings {
        drive_db: s.drive_db,
        mix: s.mix,
    }
}

/// The lane processors of a set of strips.
pub(super) struct StripLanes {
    isa: Isa,
    packs: Vec<Pack>,
    places: Vec<Option<Place>>,
    sidechains: Vec<Option<usize>>,
}

impl StripLanes {
    /// Lanes for `strips` (with `channels` input channels each; a strip's
    /// compressor keyed by stem `sidechains[i]`), on `isa`.
    pub(super) fn new(
        strips: &[Strip],
        channels: &[usize],
        sidechains: &[Option<usize>],
        isa: Isa,
    ) -> Self {
        // Stereo strips first, each on an even lane and its neighbour; then
        // mono strips fill the lanes left.
        let mut places: Vec<Option<Place>> = vec![None; strips.len()];
        let mut next = 0;
        for stereo in [true, false] {
            for (i, s) in strips.iter().enumerate() {
                if !s.lane_processors().any() || (channels[i] == 2) != stereo {
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
                if sidechains[i].is_some() {
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
        StripLanes {
            isa,
            packs,
            places,
            sidechains: sidechains.to_vec(),
        }
    }

    /// Moves strip `i`'s lane processors to `strip`'s values (same shape),
    /// gliding. Real-time safe.
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

    /// Whether strip `i` has lanes (otherwise its block passes as it is).
    pub(super) fn has_lanes(&self, i: usize) -> bool {
        self.places[i].is_some()
    }

    /// Gate, EQ, compressor and saturation of every strip, on its block in
    /// place; `keys` are the stems' inputs, which sidechains listen to.
    pub(super) fn run(&mut self, blocks: &mut [Block], keys: &[Block]) {
        self.run_from(blocks, keys, |_, _| None);
    }

    /// [`StripLanes::run`], with strip `i`'s channel `ch` read from
    /// `input(i, ch)` where that gives one (offline, straight from the
    /// stem's samples) instead of from its block; the output goes to the
    /// block either way, shaped as it is.
    pub(super) fn run_from<'a>(
        &mut self,
        blocks: &mut [Block],
        keys: &[Block],
        input: impl Fn(usize, usize) -> Option<&'a [f32]>,
    ) {
        for (p, pack) in self.packs.iter_mut().enumerate() {
            let len = pack.members.first().map_or(0, |&i| blocks[i].len());
            let mut rows: [Option<&[f32]>; LANES] = [None; LANES];
            for &i in &pack.members {
                if let Some(place) = self.places[i] {
                    for (lane, ch) in place.lanes().zip(0..) {
                        rows[lane] = Some(input(i, ch).unwrap_or(blocks[i].channel(ch)));
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
