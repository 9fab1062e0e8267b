//! The real-time player: up to three variants of the same material (A, B,
//! C) rendered in lock-step by the engine graph, one of them heard, with
//! transport, loop and sample-aligned switching.
//!
//! The [`Player`] lives on the audio thread: [`Player::render`] never
//! allocates, locks, logs or does I/O. Everything reaches it as a
//! [`Command`] through a lock-free queue from the [`Controller`], and comes
//! back as a [`Report`] (position, meters, programs to free).

use super::crossfade::read_looped;
use crate::audio::Audio;
use crate::dsp::meter::{LevelMeter, LoudnessMeter};
use crate::dsp::{Block, MAX_BLOCK, db_to_gain};
use crate::engine::{Graph, MixValues};
use rtrb::{Consumer, Producer, RingBuffer};
use std::f32::consts::FRAC_PI_2;
use std::sync::Arc;

/// A, B and C.
pub const MAX_VARIANTS: usize = 3;
/// A switch between variants: an equal-power crossfade of 10 ms.
pub const SWITCH_FADE_FRAMES: usize = 480;
/// Start, stop, pause and seek ramp the output over 5 ms.
pub const RAMP_FRAMES: usize = 240;
/// The loop seam crossfades the material over 5 ms.
pub const LOOP_FADE_FRAMES: usize = 240;
/// Meter and position reports: at least 30 a second (every 1600 frames).
pub const REPORT_EVERY_FRAMES: usize = 1600;
/// The output volume a new player starts at: well below full scale.
pub const DEFAULT_VOLUME_DB: f32 = -12.0;
/// Programs the player can hold while the report queue is full.
const RETIRED_SLOTS: usize = 8;
/// Stems whose compressor gain reduction is metered.
pub const METERED_STEMS: usize = 16;
/// After this long listening, the player suggests a break.
pub const FATIGUE_AFTER_S: f64 = 3600.0;

/// One version of the material: its stems and the compiled mix that plays
/// them. A, B and C of a drill share their stems (the `Arc`s).
pub struct Variant {
    pub sources: Vec<Arc<Audio>>,
    pub graph: Graph,
}

/// The variants heard in lock-step, built off the audio thread.
pub struct Program {
    /// A, B and C (one to three).
    pub variants: Vec<Variant>,
    /// Length of the longest variant's material, in frames.
    pub frames: usize,
}

impl Program {
    /// A program of 1 to 3 `variants`.
    pub fn new(variants: Vec<Variant>) -> Result<Program, String> {
        if variants.is_empty() || variants.len() > MAX_VARIANTS {
            return Err(format!(
                "a program has 1 to {MAX_VARIANTS} variants, not {}",
                variants.len()
            ));
        }
        let frames = variants
            .iter()
            .flat_map(|v| v.sources.iter().map(|s| s.frames()))
            .max()
            .unwrap_or(0);
        Ok(Program { variants, frames })
    }

    /// Variants that differ only in their mix, over the same stems.
    pub fn of_mixes(sources: &[Arc<Audio>], graphs: Vec<Graph>) -> Result<Program, String> {
        Program::new(
            graphs
                .into_iter()
                .map(|graph| Variant {
                    sources: sources.to_vec(),
                    graph,
                })
                .collect(),
        )
    }
}

/// What the controller asks of the audio thread.
pub enum Command {
    /// Replace what is playing (the old program comes back to be freed).
    Load(Box<Program>),
    Play,
    Pause,
    /// Stop and go back to the start (of the loop, when looping).
    Stop,
    /// Jump to a frame of the material.
    Seek(usize),
    /// Loop from the first frame up to (not including) the second, or not.
    Loop(Option<(usize, usize)>),
    /// Hear variant 0 (A), 1 (B) or 2 (C).
    Select(usize),
    /// Glide every parameter of one variant's mix to new values (a desk
    /// edit, solo or mute); the mix must keep the graph's shape
    /// ([`Graph::same_shape`]). The box comes back to be freed.
    Mix {
        variant: usize,
        values: Box<MixValues>,
    },
    /// Move a stem's fader in one variant.
    StemGain {
        variant: usize,
        stem: usize,
        gain_db: f32,
    },
    /// The output volume in dB (≤ 0).
    Volume(f32),
}

/// What the audio thread last said about playback: position, transport,
/// the variant heard and the output's meters since the report before.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Status {
    /// The frame of the material playing.
    pub frame: usize,
    pub playing: bool,
    /// 0 = A, 1 = B, 2 = C.
    pub variant: usize,
    pub peak_db: f32,
    pub rms_db: f32,
    pub momentary_lufs: f32,
    /// The heard variant's compressor gain reduction per stem and on the
    /// master, dB (largest since the last report).
    pub reduction_db: [f32; METERED_STEMS],
    pub master_reduction_db: f32,
}

impl Default for Status {
    fn default() -> Self {
        Self {
            frame: 0,
            playing: false,
            variant: 0,
            peak_db: f32::NEG_INFINITY,
            rms_db: f32::NEG_INFINITY,
            momentary_lufs: f32::NEG_INFINITY,
            reduction_db: [0.0; METERED_STEMS],
            master_reduction_db: 0.0,
        }
    }
}

/// What the audio thread tells the controller.
pub enum Report {
    /// Where playback is and the meters, at least 30 times a second.
    Status(Status),
    /// A switch's crossfade began at this output frame (counted from the
    /// player's start).
    Switched { variant: usize, output_frame: u64 },
    /// Something the audio thread is done with, to be freed off it.
    Retired(Garbage),
}

/// What the audio thread hands back instead of freeing it.
pub enum Garbage {
    /// A program replaced by `Load`.
    Program(Box<Program>),
    /// Mix values already applied.
    Values(Box<MixValues>),
}

/// A transport action waiting for the output to ramp down.
#[derive(Clone, Copy, PartialEq)]
enum Pending {
    None,
    Pause,
    Stop,
    Seek(usize),
    Load,
}

/// The audio-thread side.
pub struct Player {
    commands: Consumer<Command>,
    reports: Producer<Report>,
    program: Option<Box<Program>>,
    next_program: Option<Box<Program>>,
    /// Garbage waiting for room in the report queue to go back.
    retired: Vec<Garbage>,
    pos: usize,
    playing: bool,
    loop_region: Option<(usize, usize)>,
    active: usize,
    /// How far each variant is faded in (0…1); the heard one moves to 1,
    /// the others to 0, by 1/[`SWITCH_FADE_FRAMES`] a frame.
    levels: [f32; MAX_VARIANTS],
    gain: f32,
    pending: Pending,
    volume: f32,
    volume_target: f32,
    variants: [Block; MAX_VARIANTS],
    out: Block,
    meter: LevelMeter,
    loudness: LoudnessMeter,
    since_report: usize,
    output_frames: u64,
}

/// The control side: sends commands, keeps what the reports say.
pub struct Controller {
    commands: Producer<Command>,
    reports: Consumer<Report>,
    /// The latest status from the audio thread.
    pub status: Status,
    /// Output frames at which switches began, oldest first (the last few).
    pub switches: Vec<(usize, u64)>,
    listened_frames: u64,
}

/// A connected controller and player.
pub fn player() -> (Controller, Player) {
    let (commands, command_rx) = RingBuffer::new(256);
    let (report_tx, reports) = RingBuffer::new(1024);
    (
        Controller {
            commands,
            reports,
            status: Status::default(),
            switches: Vec::new(),
            listened_frames: 0,
        },
        Player {
            commands: command_rx,
            reports: report_tx,
            program: None,
            next_program: None,
            retired: Vec::with_capacity(RETIRED_SLOTS),
            pos: 0,
            playing: false,
            loop_region: None,
            active: 0,
            levels: [1.0, 0.0, 0.0],
            gain: 0.0,
            pending: Pending::None,
            volume: db_to_gain(DEFAULT_VOLUME_DB),
            volume_target: db_to_gain(DEFAULT_VOLUME_DB),
            variants: std::array::from_fn(|_| Block::new(2, MAX_BLOCK)),
            out: Block::new(2, MAX_BLOCK),
            meter: LevelMeter::default(),
            loudness: LoudnessMeter::default(),
            since_report: 0,
            output_frames: 0,
        },
    )
}

impl Controller {
    /// Queues a command; an error when the audio thread has stopped taking
    /// them (the queue is full).
    pub fn send(&mut self, command: Command) -> Result<(), String> {
        self.commands
            .push(command)
            .map_err(|_| "the player is not responding (its command queue is full)".to_string())
    }

    /// Takes in the audio thread's reports; frees retired programs here.
    pub fn poll(&mut self) {
        while let Ok(report) = self.reports.pop() {
            match report {
                Report::Status(status) => {
                    if status.playing && self.status.playing {
                        self.listened_frames += status.frame.abs_diff(self.status.frame) as u64;
                    }
                    self.status = status;
                }
                Report::Switched {
                    variant,
                    output_frame,
                } => {
                    if self.switches.len() >= 64 {
                        self.switches.remove(0);
                    }
                    self.switches.push((variant, output_frame));
                }
                Report::Retired(garbage) => drop(garbage),
            }
        }
    }

    /// A note suggesting a break after an hour of listening: tired ears
    /// hear small changes less well (thresholds rise by up to 4.5 dB after
    /// an hour at 90 dB).
    pub fn fatigue_note(&self) -> Option<String> {
        let seconds = self.listened_frames as f64 / crate::SAMPLE_RATE_HZ as f64;
        (seconds >= FATIGUE_AFTER_S).then(|| {
            format!(
                "You have listened for {:.0} minutes. Take a 10-minute break at a \
                 lower volume: tired ears hear small changes less well.",
                seconds / 60.0
            )
        })
    }
}

impl Player {
    /// The frame of the material the next sample comes from.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Fills `out` (interleaved stereo) with the next frames. Real-time
    /// safe: no allocation, no locks, no I/O.
    pub fn render(&mut self, out: &mut [f32]) {
        self.take_commands();
        self.return_retired();
        let mut done = 0;
        while done < out.len() / 2 {
            let end = (done + MAX_BLOCK).min(out.len() / 2);
            done += self.render_block(&mut out[2 * done..2 * end]);
        }
    }

    fn take_commands(&mut self) {
        while let Ok(command) = self.commands.pop() {
            match command {
                Command::Load(program) => {
                    // A program waiting for its turn is replaced (and freed
                    // off this thread).
                    if let Some(old) = self.next_program.replace(program) {
                        self.retire(Garbage::Program(old));
                    }
                    self.request(Pending::Load);
                }
                Command::Play => {
                    if self.pending == Pending::Pause || self.pending == Pending::Stop {
                        self.pending = Pending::None;
                    }
                    self.playing = self.program.is_some() || self.next_program.is_some();
                }
                Command::Pause => self.request(Pending::Pause),
                Command::Stop => self.request(Pending::Stop),
                Command::Seek(frame) => self.request(Pending::Seek(frame)),
                Command::Loop(region) => {
                    self.loop_region = region.filter(|(s, e)| e > s);
                }
                Command::Select(variant) => {
                    let count = self.program.as_ref().map_or(1, |p| p.variants.len());
                    if variant < count && variant != self.active {
                        self.active = variant;
                        let _ = self.reports.push(Report::Switched {
                            variant,
                            output_frame: self.output_frames,
                        });
                    }
                }
                Command::Mix { variant, values } => {
                    if let Some(v) = self
                        .program
                        .as_mut()
                        .and_then(|p| p.variants.get_mut(variant))
                    {
                        v.graph.apply(&values);
                    }
                    self.retire(Garbage::Values(values));
                }
                Command::StemGain {
                    variant,
                    stem,
                    gain_db,
                } => {
                    if let Some(g) = self
                        .program
                        .as_mut()
                        .and_then(|p| p.variants.get_mut(variant))
                    {
                        g.graph.set_stem_gain_db(stem, gain_db);
                    }
                }
                Command::Volume(db) => self.volume_target = db_to_gain(db.min(0.0)),
            }
        }
    }

    /// Acts at once when silent, else after the output ramps down.
    fn request(&mut self, action: Pending) {
        self.pending = action;
        if !self.playing || self.gain <= 0.0 {
            self.gain = 0.0;
            self.complete_pending();
        }
    }

    fn complete_pending(&mut self) {
        match self.pending {
            Pending::None => {}
            Pending::Pause => self.playing = false,
            Pending::Stop => {
                self.playing = false;
                self.pos = self.loop_region.map_or(0, |(s, _)| s);
            }
            Pending::Seek(frame) => self.pos = frame,
            Pending::Load => {
                if let Some(next) = self.next_program.take() {
                    if let Some(old) = self.program.replace(next) {
                        self.retire(Garbage::Program(old));
                    }
                    let count = self.program.as_ref().map_or(1, |p| p.variants.len());
                    if self.active >= count {
                        self.active = 0;
                    }
                    // A new program starts on its heard variant, unfaded.
                    self.levels = [0.0; MAX_VARIANTS];
                    self.levels[self.active] = 1.0;
                }
            }
        }
        self.pending = Pending::None;
    }

    fn retire(&mut self, garbage: Garbage) {
        if let Err(rtrb::PushError::Full(Report::Retired(garbage))) =
            self.reports.push(Report::Retired(garbage))
        {
            // Kept until the queue has room (the slots are allocated up
            // front); only past them would this thread free memory.
            if self.retired.len() < RETIRED_SLOTS {
                self.retired.push(garbage);
            }
        }
    }

    fn return_retired(&mut self) {
        while let Some(garbage) = self.retired.pop() {
            if let Err(rtrb::PushError::Full(Report::Retired(garbage))) =
                self.reports.push(Report::Retired(garbage))
            {
                self.retired.push(garbage);
                break;
            }
        }
    }

    /// Renders up to `out.len() / 2` frames, stopping at the loop's end or
    /// the material's; returns how many.
    fn render_block(&mut self, out: &mut [f32]) -> usize {
        let mut len = out.len() / 2;
        out.fill(0.0);
        let Some(program) = self.program.as_mut().filter(|_| self.playing) else {
            self.output_frames += len as u64;
            self.report(len);
            return len;
        };
        // A block never crosses the loop's end or the material's end.
        let end = match self.loop_region {
            Some((s, e)) if self.pos >= s && self.pos < e => e,
            _ => program.frames.max(self.pos + 1),
        };
        len = len.min(end - self.pos);
        let (pos, region, frames) = (self.pos, self.loop_region, program.frames);
        for (variant, block) in program.variants.iter_mut().zip(&mut self.variants) {
            block.reset(2, len);
            let sources = &variant.sources;
            variant.graph.process_with(pos, block, |stem, input| {
                if let Some(source) = sources.get(stem) {
                    read_looped(source, pos, region, input);
                }
            });
        }
        self.mix_variants(len, &mut out[..2 * len]);
        self.pos += len;
        match self.loop_region {
            Some((s, e)) if self.pos == e => self.pos = s,
            _ if self.pos >= frames => {
                self.playing = false;
                self.pos = 0;
            }
            _ => {}
        }
        self.output_frames += len as u64;
        len
    }

    /// The heard output: the active variant, crossfading from the
    /// previous one after a switch, through the transport ramp and volume.
    fn mix_variants(&mut self, len: usize, out: &mut [f32]) {
        let ramp_step = 1.0 / RAMP_FRAMES as f32;
        let volume_step = (self.volume_target - self.volume) / len as f32;
        let ramp_target = if self.pending == Pending::None {
            1.0
        } else {
            0.0
        };
        self.out.reset(2, len);
        for i in 0..len {
            let (l, r) = self.crossfaded(i);
            if self.gain < ramp_target {
                self.gain = (self.gain + ramp_step).min(1.0);
            } else if self.gain > ramp_target {
                self.gain = (self.gain - ramp_step).max(0.0);
            }
            self.volume += volume_step;
            // The ramp is a raised sine: no corner at either end.
            let g = 0.5 - 0.5 * (self.gain * std::f32::consts::PI).cos();
            let k = g * self.volume;
            out[2 * i] = l * k;
            out[2 * i + 1] = r * k;
            self.out.channel_mut(0)[i] = l;
            self.out.channel_mut(1)[i] = r;
        }
        self.volume = self.volume_target;
        if self.pending != Pending::None && self.gain <= 0.0 {
            self.complete_pending();
        }
        self.meter.observe(&self.out);
        self.loudness.observe(&self.out);
        self.report(len);
    }

    /// Frame `i` of the variants as heard: each fades toward its target
    /// (the heard one in, the others out) over [`SWITCH_FADE_FRAMES`], along
    /// a quarter sine, and their gains never sum past 1. A switch mid-fade
    /// carries on from where the levels are (no jump), and the output is
    /// never louder than the louder variant: two unrelated signals at the
    /// ceiling would meet 3 dB over it with plain sin/cos gains (and nearly
    /// equal A and B swell as much); they dip instead, for milliseconds.
    fn crossfaded(&mut self, i: usize) -> (f32, f32) {
        let settled = self
            .levels
            .iter()
            .enumerate()
            .all(|(v, &level)| level == if v == self.active { 1.0 } else { 0.0 });
        if settled {
            let v = &self.variants[self.active];
            return (v.channel(0)[i], v.channel(1)[i]);
        }
        let step = 1.0 / SWITCH_FADE_FRAMES as f32;
        let mut gains = [0.0f32; MAX_VARIANTS];
        let mut sum = 0.0;
        for (v, (level, gain)) in self.levels.iter_mut().zip(&mut gains).enumerate() {
            let target = if v == self.active { 1.0 } else { 0.0 };
            *level = if *level < target {
                (*level + step).min(target)
            } else {
                (*level - step).max(target)
            };
            *gain = (*level * FRAC_PI_2).sin();
            sum += *gain;
        }
        let norm = if sum > 1.0 { sum.recip() } else { 1.0 };
        let (mut l, mut r) = (0.0, 0.0);
        for (block, &gain) in self.variants.iter().zip(&gains) {
            if gain > 0.0 {
                l += gain * norm * block.channel(0)[i];
                r += gain * norm * block.channel(1)[i];
            }
        }
        (l, r)
    }

    /// Sends a status report when one is due.
    fn report(&mut self, len: usize) {
        self.since_report += len;
        if self.since_report >= REPORT_EVERY_FRAMES {
            self.since_report = 0;
            let reading = self.meter.take();
            let mut reduction_db = [0.0; METERED_STEMS];
            let master_reduction_db = self
                .program
                .as_mut()
                .and_then(|p| p.variants.get_mut(self.active))
                .map_or(0.0, |v| v.graph.take_reductions_db(&mut reduction_db));
            let _ = self.reports.push(Report::Status(Status {
                frame: self.pos,
                playing: self.playing,
                variant: self.active,
                peak_db: reading.peak_db,
                rms_db: reading.rms_db,
                momentary_lufs: self.loudness.momentary_lufs(),
                reduction_db,
                master_reduction_db,
            }));
        }
    }
}
