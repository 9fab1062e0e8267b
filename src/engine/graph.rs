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
use super::bank::{Bank, Outputs, Tail};
use super::mix::Mix;
use super::plan::{Plan, Route, delay_settings};
use super::strip::Strip;
use crate::audio::Audio;
use crate::dsp::delay::Delay;
use crate::dsp::limiter::Limiter;
use crate::dsp::reverb::Reverb;
use crate::dsp::simd::Isa;
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
    stems: Bank,
    buses: Bank,
    master: Bank,
    limiter: Option<Limiter>,
    reverbs: Vec<Reverb>,
    delays: Vec<Delay>,
    lanes: Vec<super::automation::Lane>,
    /// Each stem's channels (1 or 2): its input block's shape at the start
    /// of every block, whatever the strip made of it last time.
    stem_channels: Vec<usize>,
    inputs: Vec<Block>,
    /// Each stem's signal on its way through its strip, when a sidechain
    /// needs the stems' inputs kept as they are (otherwise the strips work
    /// on the inputs themselves).
    work: Vec<Block>,
    keyed: bool,
    bus_in: Vec<Block>,
    reverb_in: Vec<Block>,
    delay_in: Vec<Block>,
    scratch: Block,
}

impl Graph {
    /// Compiles `mix` for stems laid out as `layout`, its lane processors
    /// on this CPU's widest instruction set.
    pub fn new(
        layout: &[StemLayout],
        mix: &Mix,
        tempo_bpm: f32,
        limiter: MasterLimiter,
    ) -> Result<Graph, String> {
        Self::with_isa(layout, mix, tempo_bpm, limiter, Isa::detect())
    }

    /// [`Graph::new`] with the lane processors on `isa` (to compare
    /// instruction sets).
    pub fn with_isa(
        layout: &[StemLayout],
        mix: &Mix,
        tempo_bpm: f32,
        limiter: MasterLimiter,
        isa: Isa,
    ) -> Result<Graph, String> {
        mix.validate()?;
        let plan = Plan::of(layout, mix, tempo_bpm)?;
        let stem_strips: Vec<Strip> = layout.iter().map(|s| mix.strip(&s.name)).collect();
        let stem_channels: Vec<usize> = layout.iter().map(|s| s.channels.clamp(1, 2)).collect();
        let stems = Bank::new(&stem_strips, &stem_channels, &plan.strips, isa);
        let bus_strips: Vec<Strip> = mix.buses.values().cloned().collect();
        let buses = Bank::new(&bus_strips, &vec![2; bus_strips.len()], &plan.buses, isa);
        let master = Bank::new(
            std::slice::from_ref(&mix.master),
            &[2],
            std::slice::from_ref(&plan.master),
            isa,
        );
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
            stems,
            buses,
            master,
            limiter,
            reverbs: reverbs.into_iter().flatten().collect(),
            delays: delays.into_iter().flatten().collect(),
            lanes: mix.automation.clone(),
            inputs: stem_channels
                .iter()
                .map(|&c| Block::new(c, MAX_BLOCK))
                .collect(),
            work: stem_channels
                .iter()
                .map(|&c| Block::new(c, MAX_BLOCK))
                .collect(),
            stem_channels,
            keyed: plan
                .strips
                .iter()
                .chain(&plan.buses)
                .chain(std::iter::once(&plan.master))
                .any(|p| p.sidechain.is_some()),
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
        for (i, s) in layout.iter().enumerate() {
            self.stems.update(i, &mix.strip(&s.name));
        }
        for (i, s) in mix.buses.values().enumerate() {
            self.buses.update(i, s);
        }
        self.master.update(0, &mix.master);
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
        for (i, s) in values.stems.iter().enumerate().take(self.stems.tails.len()) {
            self.stems.update(i, s);
        }
        for (i, s) in values.buses.iter().enumerate().take(self.buses.tails.len()) {
            self.buses.update(i, s);
        }
        self.master.update(0, &values.master);
        if let Some(l) = &mut self.limiter {
            l.set(values.limiter.ceiling_dbtp, values.limiter.release_ms);
        }
    }

    /// Each stem's largest compressor gain reduction (dB, positive) since
    /// the last call, into `stems` (0 for a strip without a compressor),
    /// and the master's. For meters; real-time safe.
    pub fn take_reductions_db(&mut self, stems: &mut [f32]) -> f32 {
        for (i, slot) in stems.iter_mut().enumerate().take(self.stems.tails.len()) {
            *slot = self.stems.take_reduction_db(i);
        }
        self.master.take_reduction_db(0)
    }

    /// Moves stem `stem`'s fader to `gain_db`, smoothly (a fader on the
    /// desk while playing). Real-time safe.
    pub fn set_stem_gain_db(&mut self, stem: usize, gain_db: f32) {
        if let Some(tail) = self.stems.tails.get_mut(stem) {
            tail.fader.set_gain_over(gain_db, FADER_GLIDE_FRAMES);
        }
    }

    fn bank_mut(&mut self, route: Route) -> (&mut Bank, usize) {
        match route {
            Route::Stem(i) => (&mut self.stems, i),
            Route::Bus(i) => (&mut self.buses, i),
            Route::Master => (&mut self.master, 0),
        }
    }

    fn apply_automation(&mut self, end_frame: usize, len: usize) {
        let t = end_frame as f64 / FS as f64;
        for k in 0..self.plan.lanes.len() {
            let (route, param, lane) = self.plan.lanes[k];
            let value = self.lanes[lane].value_at(t) as f32;
            let (bank, i) = self.bank_mut(route);
            let tail: &mut Tail = &mut bank.tails[i];
            match param {
                Param::GainDb => tail.fader.set_gain_over(value, len as u32),
                Param::Pan => tail.fader.set_pan_over(value, len as u32),
                Param::ReverbSendDb => {
                    if let Some((_, g)) = &mut tail.reverb {
                        g.set_over(db_to_gain(value), len as u32);
                    }
                }
                Param::DelaySendDb => {
                    if let Some((_, g)) = &mut tail.delay {
                        g.set_over(db_to_gain(value), len as u32);
                    }
                }
                Param::EqFreqHz(n) => {
                    if let Some(band) = bank.eq_band(i, n) {
                        bank.set_eq_band(
                            i,
                            n,
                            crate::dsp::eq::BandParams {
                                freq_hz: value,
                                ..band
                            },
                        );
                    }
                }
                Param::EqGainDb(n) => {
                    if let Some(band) = bank.eq_band(i, n) {
                        bank.set_eq_band(
                            i,
                            n,
                            crate::dsp::eq::BandParams {
                                gain_db: value,
                                ..band
                            },
                        );
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
        for (i, (input, &channels)) in self.inputs.iter_mut().zip(&self.stem_channels).enumerate() {
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
            stems,
            buses,
            master,
            limiter,
            reverbs,
            delays,
            inputs,
            work,
            keyed,
            bus_in,
            reverb_in,
            delay_in,
            scratch,
            ..
        } = self;
        let (stem_blocks, keys): (&mut [Block], &[Block]) = if *keyed {
            for (w, input) in work.iter_mut().zip(inputs.iter()) {
                w.copy_from(input);
            }
            (work, inputs)
        } else {
            (inputs, &[])
        };
        let stem_outputs = Outputs {
            master: out,
            buses: bus_in,
            reverbs: reverb_in,
            delays: delay_in,
        };
        stems.process(stem_blocks, keys, stem_outputs);
        // The buses feed the master (and the returns).
        let bus_outputs = Outputs {
            master: out,
            buses: &mut [],
            reverbs: reverb_in,
            delays: delay_in,
        };
        buses.process(bus_in, keys, bus_outputs);
        for (r, reverb) in reverbs.iter_mut().enumerate() {
            reverb.process(&reverb_in[r], scratch);
            out.add_scaled(scratch, 1.0);
        }
        for (d, delay) in delays.iter_mut().enumerate() {
            delay.process(&delay_in[d], scratch);
            out.add_scaled(scratch, 1.0);
        }
        master.process_in_place(std::slice::from_mut(out), keys);
        if let Some(l) = limiter {
            l.process(out);
        }
    }
}
