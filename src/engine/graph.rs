//! The mix graph: a `Mix` compiled into processors that render block by block.
//!
//! Stems → strips → (group buses) → master strip → limiter, with post-fader
//! sends into shared reverb and delay returns. Everything is allocated when
//! the graph is built; [`Graph::process`] only reads the stems and writes the
//! output block, so the same graph renders offline and on the audio thread.
//! Parameter edits that keep the topology (which blocks exist, routing,
//! returns) apply in place with glides; others need a new graph, built off the
//! audio thread and swapped in.
//!
//! A graph can also render several mixes of the same stems in lock-step
//! (the A, B and C of a drill, [`Graph::variants`]). A drill's variants
//! differ by one hidden change, so most stems go through the same gate,
//! EQ, compressor and saturation in every variant: those lane processors
//! run once and every variant reads their output; a stem whose strip
//! differs gets lanes of its own, packed beside the others. Each variant
//! then sums its own mix ([`Mixdown`]). Every variant comes out bit for bit
//! as a graph of its mix alone renders it.

use super::automation::Motion;
use super::error::EngineError;
use super::lanes::StripLanes;
use super::layout::StemLayout;
use super::mix::Mix;
use super::mixdown::{Mixdown, Places, Stages};
use super::plan::{Plan, Route};
use super::strip::Strip;
use crate::audio::Audio;
use crate::dsp::limiter::Limiter;
use crate::dsp::simd::Isa;
use crate::dsp::{Block, MAX_BLOCK};
use std::sync::Arc;

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

/// A compiled mix (or several, [`Graph::variants`]), ready to render.
pub struct Graph {
    tempo_bpm: f32,
    isa: Isa,
    /// The lane processors: of every distinct stem strip (one per stem, and
    /// one more for each stem whose strip differs in a later variant), of
    /// every variant's buses and of every variant's master.
    lanes: Stages,
    /// The stem each lane strip processes.
    strip_stems: Vec<usize>,
    /// Each stem's channels (1 or 2): its input's shape at the start of
    /// every block, whatever the strip made of it last time.
    stem_channels: Vec<usize>,
    /// Each lane strip's signal: its stem's input, processed in place.
    blocks: Vec<Block>,
    /// Stems that key a sidechain.
    key_stems: Vec<usize>,
    /// The keying stems' inputs, by stem.
    keys: Vec<Block>,
    /// Every variant's buses' inputs, one variant after another.
    buses: Vec<Block>,
    variants: Vec<Mixdown>,
    scratch: Block,
    /// Each lane strip's and each bus block's name, for errors.
    names: Names,
}

/// The names of a graph's stages, to say where a render went wrong.
struct Names {
    stems: Vec<String>,
    buses: Vec<String>,
}

/// Whether stem `i` (named `name`) goes through the same lane processors in
/// mixes `a` and `b`: the same gate, EQ, compressor and saturation, and the
/// same automation moving its EQ.
fn same_lanes(a: (&Mix, &Plan), b: (&Mix, &Plan), i: usize, name: &str) -> bool {
    let (sa, sb) = (a.0.strip(name), b.0.strip(name));
    let eq_automation = |(mix, plan): (&Mix, &Plan)| -> Vec<(Motion, super::automation::Lane)> {
        plan.lanes
            .iter()
            .filter(|(route, param, _)| {
                *route == Route::Stem(i)
                    && matches!(param, Motion::EqFreqHz(_) | Motion::EqGainDb(_))
            })
            .map(|&(_, param, lane)| (param, mix.automation[lane].clone()))
            .collect()
    };
    sa.lane_processors() == sb.lane_processors() && eq_automation(a) == eq_automation(b)
}

impl Graph {
    /// Compiles `mix` for stems laid out as `layout`, its lane processors
    /// on this CPU's widest instruction set.
    pub fn new(
        layout: &[StemLayout],
        mix: &Mix,
        tempo_bpm: f32,
        limiter: MasterLimiter,
    ) -> Result<Graph, EngineError> {
        Self::variants(layout, std::slice::from_ref(mix), tempo_bpm, limiter)
    }

    /// Compiles several mixes of the same stems (a drill's A, B and C) to
    /// render in lock-step with [`Graph::process_variants`], sharing the
    /// lane processors of stems whose strips they have in common. The live
    /// edits ([`Graph::update`] and the like) are for a graph of one mix.
    pub fn variants(
        layout: &[StemLayout],
        mixes: &[Mix],
        tempo_bpm: f32,
        limiter: MasterLimiter,
    ) -> Result<Graph, EngineError> {
        if mixes.is_empty() {
            return Err("a graph needs a mix".into());
        }
        let plans = mixes
            .iter()
            .map(|mix| {
                mix.validate()?;
                Plan::of(layout, mix, tempo_bpm)
            })
            .collect::<Result<Vec<Plan>, EngineError>>()?;
        let stem_channels: Vec<usize> = layout.iter().map(|s| s.channels.clamp(1, 2)).collect();
        let isa = Isa::detect();
        // Lane strips: each variant's stems, unless an earlier variant's
        // strip for that stem has the same lanes.
        let mut lane_strips: Vec<Strip> = Vec::new();
        let mut strip_stems = Vec::new();
        let mut sidechains = Vec::new();
        let mut placed: Vec<Vec<usize>> = Vec::new();
        let mut bus_strips: Vec<Strip> = Vec::new();
        let mut bus_sidechains = Vec::new();
        let mut variants = Vec::with_capacity(mixes.len());
        for (v, (mix, plan)) in mixes.iter().zip(&plans).enumerate() {
            let stems: Vec<Strip> = layout.iter().map(|s| mix.strip(&s.name)).collect();
            let mut mine = Vec::with_capacity(layout.len());
            for (i, (s, strip)) in layout.iter().zip(&stems).enumerate() {
                let shared =
                    (0..v).find(|&u| same_lanes((&mixes[u], &plans[u]), (mix, plan), i, &s.name));
                mine.push(match shared {
                    Some(u) => (placed[u][i], false),
                    None => {
                        lane_strips.push(strip.clone());
                        strip_stems.push(i);
                        sidechains.push(plan.strips[i].sidechain);
                        (lane_strips.len() - 1, true)
                    }
                });
            }
            placed.push(mine.iter().map(|&(d, _)| d).collect());
            let first_bus = bus_strips.len();
            bus_strips.extend(mix.buses.values().cloned());
            bus_sidechains.extend(plan.buses.iter().map(|p| p.sidechain));
            variants.push(Mixdown::new(
                &stems,
                mix,
                plan.clone(),
                Places {
                    index: v,
                    stems: mine,
                    buses: first_bus..bus_strips.len(),
                },
                tempo_bpm,
                limiter == MasterLimiter::On,
            )?);
        }
        let masters: Vec<Strip> = mixes.iter().map(|m| m.master.clone()).collect();
        let master_sidechains: Vec<Option<usize>> =
            plans.iter().map(|p| p.master.sidechain).collect();
        let channels: Vec<usize> = strip_stems.iter().map(|&i| stem_channels[i]).collect();
        let mut key_stems: Vec<usize> = plans
            .iter()
            .flat_map(|p| p.strips.iter().chain(&p.buses).chain([&p.master]))
            .filter_map(|p| p.sidechain)
            .collect();
        key_stems.sort_unstable();
        key_stems.dedup();
        let names = Names {
            stems: strip_stems
                .iter()
                .map(|&i| layout[i].name.clone())
                .collect(),
            buses: mixes.iter().flat_map(|m| m.buses.keys().cloned()).collect(),
        };
        Ok(Graph {
            names,
            tempo_bpm,
            isa,
            lanes: Stages {
                stems: StripLanes::new(&lane_strips, &channels, &sidechains, isa),
                buses: StripLanes::new(
                    &bus_strips,
                    &vec![2; bus_strips.len()],
                    &bus_sidechains,
                    isa,
                ),
                masters: StripLanes::new(
                    &masters,
                    &vec![2; masters.len()],
                    &master_sidechains,
                    isa,
                ),
            },
            buses: bus_strips
                .iter()
                .map(|_| Block::new(2, MAX_BLOCK))
                .collect(),
            blocks: channels.iter().map(|&c| Block::new(c, MAX_BLOCK)).collect(),
            key_stems,
            keys: stem_channels
                .iter()
                .map(|&c| Block::new(c, MAX_BLOCK))
                .collect(),
            strip_stems,
            stem_channels,
            variants,
            scratch: Block::new(2, MAX_BLOCK),
        })
    }

    /// How many mixes the graph renders.
    pub fn variant_count(&self) -> usize {
        self.variants.len()
    }

    /// How many stem strips run lane processors: the stems, plus one for
    /// each stem whose gate, EQ, compressor or saturation differs from every
    /// earlier variant's.
    pub fn lane_strip_count(&self) -> usize {
        self.strip_stems.len()
    }

    /// Samples of delay from input to output (the limiter's lookahead).
    pub fn latency(&self) -> usize {
        if self.variants[0].limiter.is_some() {
            Limiter::LATENCY
        } else {
            0
        }
    }

    /// The graph's one mix, for the live edits; `None` for several.
    fn single(&mut self) -> Option<&mut Mixdown> {
        match &mut self.variants[..] {
            [one] => Some(one),
            _ => None,
        }
    }

    /// Applies a new mix in place when its topology matches (returns true);
    /// otherwise leaves the graph untouched and returns false, and the caller
    /// builds a new graph. Always false for a graph of several mixes.
    pub fn update(&mut self, layout: &[StemLayout], mix: &Mix) -> bool {
        if mix.validate().is_err() {
            return false;
        }
        let tempo_bpm = self.tempo_bpm;
        let Graph {
            lanes, variants, ..
        } = self;
        let [one] = &mut variants[..] else {
            return false;
        };
        match Plan::of(layout, mix, tempo_bpm) {
            Ok(plan) if plan == one.plan => {}
            _ => return false,
        }
        for (i, s) in layout.iter().enumerate() {
            let strip = mix.strip(&s.name);
            lanes.stems.update(one.strips[i], &strip);
            one.tails[i].update(&strip);
        }
        for (i, s) in mix.buses.values().enumerate() {
            lanes.buses.update(i, s);
            one.bus_tails[i].update(s);
        }
        lanes.masters.update(0, &mix.master);
        one.master_tail.update(&mix.master);
        if let Some(l) = &mut one.limiter {
            l.set(mix.limiter.ceiling_dbtp, mix.limiter.release_ms);
        }
        one.set_automation(&mix.automation);
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
    /// ([`Graph::same_shape`]); strips beyond them are left alone, and a
    /// graph of several mixes is left as it is. Real-time safe: reads
    /// `values`, allocates nothing.
    pub fn apply(&mut self, values: &MixValues) {
        let Graph {
            lanes, variants, ..
        } = self;
        let [one] = &mut variants[..] else {
            return;
        };
        for (i, s) in values.stems.iter().enumerate().take(one.tails.len()) {
            lanes.stems.update(one.strips[i], s);
            one.tails[i].update(s);
        }
        for (i, s) in values.buses.iter().enumerate().take(one.bus_tails.len()) {
            lanes.buses.update(i, s);
            one.bus_tails[i].update(s);
        }
        lanes.masters.update(0, &values.master);
        one.master_tail.update(&values.master);
        if let Some(l) = &mut one.limiter {
            l.set(values.limiter.ceiling_dbtp, values.limiter.release_ms);
        }
    }

    /// Each stem's largest compressor gain reduction (dB, positive) since
    /// the last call, into `stems` (0 for a strip without a compressor),
    /// and the master's, in the first mix. For meters; real-time safe.
    pub fn take_reductions_db(&mut self, stems: &mut [f32]) -> f32 {
        let first = &self.variants[0];
        for (slot, &strip) in stems.iter_mut().zip(&first.strips) {
            *slot = self.lanes.stems.take_reduction_db(strip);
        }
        self.lanes.masters.take_reduction_db(0)
    }

    /// Moves stem `stem`'s fader to `gain_db`, smoothly (a fader on the
    /// desk while playing). Real-time safe.
    pub fn set_stem_gain_db(&mut self, stem: usize, gain_db: f32) {
        if let Some(tail) = self.single().and_then(|one| one.tails.get_mut(stem)) {
            tail.fader.set_gain_over(gain_db, FADER_GLIDE_FRAMES);
        }
    }

    /// Renders `out.len()` frames (≤ [`MAX_BLOCK`]) of the stems starting at
    /// frame `start` into `out` (stereo), for a graph of one mix. Stems read
    /// as silence past their end.
    pub fn process(&mut self, sources: &[Arc<Audio>], start: usize, out: &mut Block) {
        self.process_variants(sources, start, std::slice::from_mut(out));
    }

    /// Renders every mix, each into its block of `outs` (one per mix, as
    /// many frames as the first has); the stems are read once for all.
    pub fn process_variants(&mut self, sources: &[Arc<Audio>], start: usize, outs: &mut [Block]) {
        let len = outs.first().map_or(0, Block::len);
        // Where a stem covers the block, its lanes read its samples where
        // they are, without a copy.
        let direct = |stem: usize, ch: usize| -> Option<&[f32]> {
            sources.get(stem)?.channels.get(ch)?.get(start..start + len)
        };
        let fill = |i: usize, input: &mut Block| {
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
        };
        self.render(start, outs, fill, Some(&direct));
    }

    /// Where the last block rendered went non-finite (NaN or infinity):
    /// the first stem strip, then bus, whose signal holds such a sample, else
    /// the master. For a caller whose output block was not finite.
    pub fn non_finite_stage(&self) -> String {
        let bad = |b: &Block| !b.is_finite();
        if let Some(i) = self.blocks.iter().position(bad) {
            return format!(
                "stem '{}' (gate, EQ, compressor, saturation)",
                self.names.stems[i]
            );
        }
        if let Some(i) = self.buses.iter().position(bad) {
            return format!("bus '{}'", self.names.buses[i]);
        }
        "the master (its strip, the returns or the limiter)".into()
    }

    /// [`Graph::process`] with the stems' input written by `fill(stem,
    /// block)` into a silent block of the stem's channels (the real-time
    /// player reads its loop seams this way); `start` places automation.
    pub fn process_with(
        &mut self,
        start: usize,
        out: &mut Block,
        fill: impl FnMut(usize, &mut Block),
    ) {
        self.render(start, std::slice::from_mut(out), fill, None);
    }

    /// Renders every mix into `outs`, the stems' inputs written by `fill`
    /// (see [`Graph::process_with`]), or for a stem with lanes read by them
    /// straight from `direct(stem, channel)` where that covers the block.
    fn render<'a>(
        &mut self,
        start: usize,
        outs: &mut [Block],
        mut fill: impl FnMut(usize, &mut Block),
        direct: Option<&dyn Fn(usize, usize) -> Option<&'a [f32]>>,
    ) {
        assert_eq!(
            outs.len(),
            self.variants.len(),
            "one output block per mix of the graph"
        );
        let len = outs.first().map_or(0, Block::len);
        let Graph {
            isa,
            lanes,
            strip_stems,
            stem_channels,
            blocks,
            key_stems,
            keys,
            buses,
            variants,
            scratch,
            ..
        } = self;
        for v in variants.iter_mut() {
            v.automate(lanes, start + len, len);
        }
        for (strip, (block, &stem)) in blocks.iter_mut().zip(strip_stems.iter()).enumerate() {
            let channels = stem_channels[stem];
            let covered = direct.is_some_and(|direct| {
                lanes.stems.has_lanes(strip) && (0..channels).all(|ch| direct(stem, ch).is_some())
            });
            if covered {
                // The lanes overwrite it whole.
                block.reshape(channels, len);
            } else {
                block.reset(channels, len);
                fill(stem, block);
            }
        }
        for &stem in key_stems.iter() {
            keys[stem].reset(stem_channels[stem], len);
            fill(stem, &mut keys[stem]);
        }
        lanes.stems.run_from(blocks, keys, |strip, ch| {
            direct.and_then(|d| d(strip_stems[strip], ch))
        });
        for (v, out) in variants.iter_mut().zip(outs.iter_mut()) {
            out.reset(2, len);
            v.mix_stems(*isa, blocks, &mut buses[v.buses.clone()], scratch, out);
        }
        lanes.buses.run(buses, keys);
        for (v, out) in variants.iter_mut().zip(outs.iter_mut()) {
            v.mix_buses(*isa, &buses[v.buses.clone()], scratch, out);
        }
        lanes.masters.run(outs, keys);
        for (v, out) in variants.iter_mut().zip(outs.iter_mut()) {
            v.finish(out);
        }
    }
}
