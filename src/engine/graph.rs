//! The mix graph: a `Mix` compiled into processors that render block by block.
//!
//! Stems → strips → (group buses) → master strip → limiter, with post-fader
//! sends into shared reverb and delay returns. Everything is allocated when
//! the graph is built; [`Graph::process`] only reads the stems and writes the
//! output block, so the same graph renders offline and on the audio thread.
//! Parameter edits that keep the topology (which blocks exist, routing,
//! returns) apply in place with glides; others need a new graph, built off the
//! audio thread and swapped in.

use super::automation::Param;
use super::mix::Mix;
use super::plan::{Plan, Route, StripPlan, delay_settings};
use super::strip::Strip;
use crate::audio::Audio;
use crate::dsp::compressor::Compressor;
use crate::dsp::delay::Delay;
use crate::dsp::eq::EqBand;
use crate::dsp::gate::Gate;
use crate::dsp::limiter::Limiter;
use crate::dsp::pan::FaderPan;
use crate::dsp::ramp::Ramp;
use crate::dsp::reverb::Reverb;
use crate::dsp::saturation::{SatSettings, Saturation};
use crate::dsp::width::Width;
use crate::dsp::{Block, FS, MAX_BLOCK, db_to_gain};
use std::sync::Arc;

/// A stem as the graph sees it: its strip name and channel count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StemLayout {
    pub name: String,
    pub channels: usize,
}

/// Whether the master ends in the limiter. Only single-file processing
/// (`mixtutor process`) leaves it out; every mix a learner hears has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MasterLimiter {
    On,
    Off,
}

/// One strip's processors.
struct StripProc {
    gate: Option<Gate>,
    eq: Vec<EqBand>,
    comp: Option<Compressor>,
    sidechain: Option<usize>,
    saturation: Option<Saturation>,
    width: Width,
    fader: FaderPan,
    reverb: Option<(usize, Ramp)>,
    delay: Option<(usize, Ramp)>,
    output: Route,
}

fn fader_db(strip: &Strip) -> f32 {
    if strip.mute {
        f32::NEG_INFINITY
    } else {
        strip.gain_db
    }
}

impl StripProc {
    fn build(strip: &Strip, plan: &StripPlan) -> Self {
        Self {
            gate: strip.gate.map(|g| Gate::new(g.settings())),
            eq: strip
                .eq
                .iter()
                .map(|b| {
                    let mut band = EqBand::new(b.params());
                    band.set_cascade(b.slope_db_oct == Some(24));
                    band
                })
                .collect(),
            comp: strip.comp.as_ref().map(|c| Compressor::new(c.settings())),
            sidechain: plan.sidechain,
            saturation: strip.saturation.map(|s| {
                Saturation::new(SatSettings {
                    drive_db: s.drive_db,
                    mix: s.mix,
                })
            }),
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

    /// Moves every parameter to `strip` (same topology), gliding.
    fn update(&mut self, strip: &Strip) {
        if let (Some(g), Some(s)) = (&mut self.gate, &strip.gate) {
            g.set(s.settings());
        }
        for (band, b) in self.eq.iter_mut().zip(&strip.eq) {
            band.set(b.params());
        }
        if let (Some(c), Some(s)) = (&mut self.comp, &strip.comp) {
            c.set(s.settings());
        }
        if let (Some(sat), Some(s)) = (&mut self.saturation, &strip.saturation) {
            sat.set(SatSettings {
                drive_db: s.drive_db,
                mix: s.mix,
            });
        }
        self.width.set(strip.width);
        self.fader.set(fader_db(strip), strip.pan);
        if let (Some((_, g)), Some(s)) = (&mut self.reverb, &strip.reverb) {
            g.set(db_to_gain(s.send_db));
        }
        if let (Some((_, g)), Some(s)) = (&mut self.delay, &strip.delay) {
            g.set(db_to_gain(s.send_db));
        }
    }

    /// Runs the strip on `block` (it comes out stereo) and adds its sends.
    fn process(
        &mut self,
        block: &mut Block,
        key: Option<&Block>,
        reverb_in: &mut [Block],
        delay_in: &mut [Block],
    ) {
        if let Some(g) = &mut self.gate {
            g.process(block);
        }
        crate::dsp::eq::process_chain(&mut self.eq, block);
        if let Some(c) = &mut self.comp {
            c.process(block, key);
        }
        if let Some(s) = &mut self.saturation {
            s.process(block);
        }
        self.width.process(block);
        self.fader.process(block);
        if let Some((i, gain)) = &mut self.reverb {
            add_ramped(&mut reverb_in[*i], block, gain);
        }
        if let Some((i, gain)) = &mut self.delay {
            add_ramped(&mut delay_in[*i], block, gain);
        }
    }
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

/// How long a fader moved while playing takes to arrive (10 ms).
const FADER_GLIDE_FRAMES: u32 = 480;

/// A mix's parameters laid out in the graph's order (stems as in the
/// layout, buses by name), built off the audio thread so that applying them
/// there only reads.
#[derive(Clone, Debug)]
pub struct MixValues {
    stems: Vec<Strip>,
    buses: Vec<Strip>,
    master: Strip,
    limiter: super::mix::LimiterSettings,
}

impl MixValues {
    /// `mix`'s values for stems laid out as `layout`.
    pub fn of(layout: &[StemLayout], mix: &Mix) -> Self {
        Self {
            stems: layout.iter().map(|s| mix.strip(&s.name)).collect(),
            buses: mix.buses.values().cloned().collect(),
            master: mix.master.clone(),
            limiter: mix.limiter,
        }
    }
}

/// A compiled mix, ready to render.
pub struct Graph {
    plan: Plan,
    tempo_bpm: f32,
    strips: Vec<StripProc>,
    buses: Vec<StripProc>,
    master: StripProc,
    limiter: Option<Limiter>,
    reverbs: Vec<Reverb>,
    delays: Vec<Delay>,
    lanes: Vec<super::automation::Lane>,
    inputs: Vec<Block>,
    bus_in: Vec<Block>,
    reverb_in: Vec<Block>,
    delay_in: Vec<Block>,
    scratch: Block,
}

impl Graph {
    /// Compiles `mix` for stems laid out as `layout`.
    pub fn new(
        layout: &[StemLayout],
        mix: &Mix,
        tempo_bpm: f32,
        limiter: MasterLimiter,
    ) -> Result<Graph, String> {
        mix.validate()?;
        let plan = Plan::of(layout, mix, tempo_bpm)?;
        let strips = layout
            .iter()
            .zip(&plan.strips)
            .map(|(s, p)| StripProc::build(&mix.strip(&s.name), p))
            .collect();
        let buses = mix
            .buses
            .values()
            .zip(&plan.buses)
            .map(|(s, p)| StripProc::build(s, p))
            .collect();
        let master = StripProc::build(&mix.master, &plan.master);
        let mut reverbs: Vec<Option<Reverb>> = (0..plan.reverbs.len()).map(|_| None).collect();
        let mut delays: Vec<Option<Delay>> = (0..plan.delays.len()).map(|_| None).collect();
        for (strip, p) in layout
            .iter()
            .map(|s| mix.strip(&s.name))
            .chain(mix.buses.values().cloned())
            .zip(plan.strips.iter().chain(&plan.buses))
        {
            if let (Some(r), Some(i)) = (strip.reverb, p.reverb) {
                reverbs[i].get_or_insert_with(|| Reverb::new(r.settings()));
            }
            if let (Some(d), Some(i)) = (delay_settings(&strip, tempo_bpm)?, p.delay) {
                delays[i].get_or_insert_with(|| Delay::new(d));
            }
        }
        let limiter = match limiter {
            MasterLimiter::On => Some(Limiter::new(
                mix.limiter.ceiling_dbtp,
                mix.limiter.release_ms,
            )),
            MasterLimiter::Off => None,
        };
        Ok(Graph {
            tempo_bpm,
            strips,
            buses,
            master,
            limiter,
            reverbs: reverbs.into_iter().flatten().collect(),
            delays: delays.into_iter().flatten().collect(),
            lanes: mix.automation.clone(),
            inputs: layout
                .iter()
                .map(|s| Block::new(s.channels.clamp(1, 2), MAX_BLOCK))
                .collect(),
            bus_in: mix.buses.keys().map(|_| Block::new(2, MAX_BLOCK)).collect(),
            reverb_in: plan
                .reverbs
                .iter()
                .map(|_| Block::new(2, MAX_BLOCK))
                .collect(),
            delay_in: plan
                .delays
                .iter()
                .map(|_| Block::new(2, MAX_BLOCK))
                .collect(),
            scratch: Block::new(2, MAX_BLOCK),
            plan,
        })
    }

    /// Samples of delay from input to output (the limiter's lookahead).
    pub fn latency(&self) -> usize {
        if self.limiter.is_some() {
            Limiter::LATENCY
        } else {
            0
        }
    }

    /// Applies a new mix in place when its topology matches (returns true);
    /// otherwise leaves the graph untouched and returns false, and the caller
    /// builds a new graph.
    pub fn update(&mut self, layout: &[StemLayout], mix: &Mix) -> bool {
        if mix.validate().is_err() {
            return false;
        }
        match Plan::of(layout, mix, self.tempo_bpm) {
            Ok(plan) if plan == self.plan => {}
            _ => return false,
        }
        for (proc, s) in self.strips.iter_mut().zip(layout) {
            proc.update(&mix.strip(&s.name));
        }
        for (proc, s) in self.buses.iter_mut().zip(mix.buses.values()) {
            proc.update(s);
        }
        self.master.update(&mix.master);
        if let Some(l) = &mut self.limiter {
            l.set(mix.limiter.ceiling_dbtp, mix.limiter.release_ms);
        }
        self.lanes.clone_from(&mix.automation);
        true
    }

    /// Whether `b` can be applied in place to a graph built from `a`
    /// (same processors, routing and returns), so a desk edit glides
    /// instead of rebuilding. Allocates: call it off the audio thread.
    pub fn same_shape(layout: &[StemLayout], a: &Mix, b: &Mix, tempo_bpm: f32) -> bool {
        if b.validate().is_err() || a.automation != b.automation {
            return false;
        }
        matches!(
            (Plan::of(layout, a, tempo_bpm), Plan::of(layout, b, tempo_bpm)),
            (Ok(pa), Ok(pb)) if pa == pb
        )
    }

    /// Moves every strip to `values`, gliding (a desk edit while playing).
    /// The values must come from a mix of the same shape as the graph's
    /// ([`Graph::same_shape`]); strips beyond them are left alone.
    /// Real-time safe: reads `values`, allocates nothing.
    pub fn apply(&mut self, values: &MixValues) {
        for (proc, s) in self.strips.iter_mut().zip(&values.stems) {
            proc.update(s);
        }
        for (proc, s) in self.buses.iter_mut().zip(&values.buses) {
            proc.update(s);
        }
        self.master.update(&values.master);
        if let Some(l) = &mut self.limiter {
            l.set(values.limiter.ceiling_dbtp, values.limiter.release_ms);
        }
    }

    /// Each stem's largest compressor gain reduction (dB, positive) since
    /// the last call, into `stems` (0 for a strip without a compressor),
    /// and the master's. For meters; real-time safe.
    pub fn take_reductions_db(&mut self, stems: &mut [f32]) -> f32 {
        for (slot, strip) in stems.iter_mut().zip(&mut self.strips) {
            *slot = strip.comp.as_mut().map_or(0.0, |c| c.take_meter_db());
        }
        self.master.comp.as_mut().map_or(0.0, |c| c.take_meter_db())
    }

    /// Moves stem `stem`'s fader to `gain_db`, smoothly (a fader on the
    /// desk while playing). Real-time safe.
    pub fn set_stem_gain_db(&mut self, stem: usize, gain_db: f32) {
        if let Some(strip) = self.strips.get_mut(stem) {
            strip.fader.set_gain_over(gain_db, FADER_GLIDE_FRAMES);
        }
    }

    fn strip_mut(&mut self, route: Route) -> &mut StripProc {
        match route {
            Route::Stem(i) => &mut self.strips[i],
            Route::Bus(i) => &mut self.buses[i],
            Route::Master => &mut self.master,
        }
    }

    fn apply_automation(&mut self, end_frame: usize, len: usize) {
        let t = end_frame as f64 / FS as f64;
        for k in 0..self.plan.lanes.len() {
            let (route, param, lane) = self.plan.lanes[k];
            let value = self.lanes[lane].value_at(t) as f32;
            let strip = self.strip_mut(route);
            match param {
                Param::GainDb => strip.fader.set_gain_over(value, len as u32),
                Param::Pan => strip.fader.set_pan_over(value, len as u32),
                Param::ReverbSendDb => {
                    if let Some((_, g)) = &mut strip.reverb {
                        g.set_over(db_to_gain(value), len as u32);
                    }
                }
                Param::DelaySendDb => {
                    if let Some((_, g)) = &mut strip.delay {
                        g.set_over(db_to_gain(value), len as u32);
                    }
                }
                Param::EqFreqHz(n) => {
                    if let Some(band) = strip.eq.get_mut(n) {
                        band.set(crate::dsp::eq::BandParams {
                            freq_hz: value,
                            ..band.params()
                        });
                    }
                }
                Param::EqGainDb(n) => {
                    if let Some(band) = strip.eq.get_mut(n) {
                        band.set(crate::dsp::eq::BandParams {
                            gain_db: value,
                            ..band.params()
                        });
                    }
                }
            }
        }
    }

    /// Renders `out.len()` frames (≤ [`MAX_BLOCK`]) of the stems starting at
    /// frame `start` into `out` (stereo). Stems read as silence past their end.
    pub fn process(&mut self, sources: &[Arc<Audio>], start: usize, out: &mut Block) {
        self.process_with(start, out, |i, input| {
            let Some(source) = sources.get(i) else {
                return;
            };
            for ch in 0..input.channels().min(source.channels.len()) {
                let src = &source.channels[ch];
                if start < src.len() {
                    let n = input.len().min(src.len() - start);
                    input.channel_mut(ch)[..n].copy_from_slice(&src[start..start + n]);
                }
            }
        });
    }

    /// [`Graph::process`] with the stems' input written by `fill(stem,
    /// block)` into a silent block of the stem's channels (the real-time
    /// player reads its loop seams this way); `start` places automation.
    pub fn process_with(
        &mut self,
        start: usize,
        out: &mut Block,
        mut fill: impl FnMut(usize, &mut Block),
    ) {
        let len = out.len();
        if !self.lanes.is_empty() {
            self.apply_automation(start + len, len);
        }
        for (i, input) in self.inputs.iter_mut().enumerate() {
            let channels = input.channels();
            input.reset(channels, len);
            fill(i, input);
        }
        for b in self
            .bus_in
            .iter_mut()
            .chain(&mut self.reverb_in)
            .chain(&mut self.delay_in)
        {
            b.reset(2, len);
        }
        out.reset(2, len);

        let Graph {
            strips,
            buses,
            master,
            limiter,
            reverbs,
            delays,
            inputs,
            bus_in,
            reverb_in,
            delay_in,
            scratch,
            ..
        } = self;
        for (i, strip) in strips.iter_mut().enumerate() {
            scratch.clone_from(&inputs[i]);
            let key = strip.sidechain.map(|k| &inputs[k]);
            strip.process(scratch, key, reverb_in, delay_in);
            match strip.output {
                Route::Bus(b) => bus_in[b].add_scaled(scratch, 1.0),
                _ => out.add_scaled(scratch, 1.0),
            }
        }
        for (b, bus) in buses.iter_mut().enumerate() {
            let key = bus.sidechain.map(|k| &inputs[k]);
            bus.process(&mut bus_in[b], key, reverb_in, delay_in);
            out.add_scaled(&bus_in[b], 1.0);
        }
        for (r, reverb) in reverbs.iter_mut().enumerate() {
            reverb.process(&reverb_in[r], scratch);
            out.add_scaled(scratch, 1.0);
        }
        for (d, delay) in delays.iter_mut().enumerate() {
            delay.process(&delay_in[d], scratch);
            out.add_scaled(scratch, 1.0);
        }
        let key = master.sidechain.map(|k| &inputs[k]);
        master.process(out, key, &mut [], &mut []);
        if let Some(l) = limiter {
            l.process(out);
        }
    }
}
