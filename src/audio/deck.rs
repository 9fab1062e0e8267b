//! The player as the app drives it: one output (or none), the material
//! loaded as up to three live variants, transport, and desk edits that
//! glide in place when they can and rebuild off the audio thread when they
//! cannot.
//!
//! Without a sound card the deck still holds everything it was given, says
//! why there is no sound, and plays it all as soon as a device opens.

use super::Audio;
use super::output::{Output, OutputSettings};
use super::player::{Command, Controller, Program, Variant, player};
use crate::engine::{Graph, MasterLimiter, Mix, MixValues, StemLayout};
use std::sync::Arc;

/// One variant as the deck remembers it, to check edits and to rebuild.
#[derive(Clone)]
struct Live {
    layout: Vec<StemLayout>,
    sources: Vec<Arc<Audio>>,
    mix: Mix,
    tempo_bpm: f32,
}

impl Live {
    /// A rendered clip that plays as it is, through the limiter only.
    fn clip(clip: Arc<Audio>) -> Live {
        Live {
            layout: vec![StemLayout {
                name: "clip".into(),
                channels: clip.channels.len(),
            }],
            sources: vec![clip],
            mix: Mix::default(),
            tempo_bpm: 120.0,
        }
    }

    fn variant(&self) -> Result<Variant, String> {
        Ok(Variant {
            sources: self.sources.clone(),
            graph: Graph::new(&self.layout, &self.mix, self.tempo_bpm, MasterLimiter::On)?,
        })
    }
}

/// The program the deck plays for rendered clips (A, B, C of a drill, a
/// mix and its reference): each clip as it is, through the limiter only.
pub fn clip_program(clips: &[Arc<Audio>]) -> Result<Program, String> {
    let variants = clips
        .iter()
        .map(|c| Live::clip(Arc::clone(c)).variant())
        .collect::<Result<Vec<_>, _>>()?;
    Program::new(variants)
}

/// What the deck last heard from the audio thread.
pub use super::player::Status as DeckStatus;

/// The output, the player's control side and what is loaded.
pub struct Deck {
    controller: Controller,
    output: Option<Output>,
    /// Why there is no sound, when there is none.
    problem: Option<String>,
    settings: OutputSettings,
    live: Vec<Live>,
    frames: usize,
    volume_db: f32,
    loop_region: Option<(usize, usize)>,
    selected: usize,
}

impl Deck {
    /// Opens the output `settings` name; without one, a deck that says why.
    pub fn open(settings: OutputSettings) -> Deck {
        let mut deck = Deck::silent("not opened yet");
        deck.reopen(settings);
        deck
    }

    /// A deck with no output at all (tests, `--no-audio`).
    pub fn silent(reason: &str) -> Deck {
        let (controller, _player) = player();
        Deck {
            controller,
            output: None,
            problem: Some(reason.to_string()),
            settings: OutputSettings::default(),
            live: Vec::new(),
            frames: 0,
            volume_db: super::player::DEFAULT_VOLUME_DB,
            loop_region: None,
            selected: 0,
        }
    }

    /// Closes the output and opens the one `settings` names, with what was
    /// loaded (from the start). Returns the problem when it fails.
    pub fn reopen(&mut self, settings: OutputSettings) -> Option<String> {
        self.output = None;
        let (controller, player) = player();
        self.controller = controller;
        self.settings = settings;
        match Output::open(&self.settings, player) {
            Ok(output) => {
                self.output = Some(output);
                self.problem = None;
                self.send(Command::Volume(self.volume_db));
                if !self.live.is_empty()
                    && let Err(e) = self.rebuild()
                {
                    self.problem = Some(e);
                }
            }
            Err(e) => self.problem = Some(e.to_string()),
        }
        self.problem.clone()
    }

    /// The device playing, or why there is none.
    pub fn sound(&self) -> Result<&str, &str> {
        match (&self.output, &self.problem) {
            (Some(o), _) => Ok(&o.device),
            (None, Some(p)) => Err(p),
            (None, None) => Err("no audio output"),
        }
    }

    /// The settings the output was opened with.
    pub fn settings(&self) -> &OutputSettings {
        &self.settings
    }

    /// Length of the loaded material in frames.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Rendered clips as the variants (a drill's A, B and C): each plays
    /// as it is, through the master's true-peak limiter only.
    pub fn load_clips(&mut self, clips: Vec<Arc<Audio>>) -> Result<(), String> {
        self.load(clips.into_iter().map(Live::clip).collect())
    }

    /// A session's stems with one mix per variant (the desk, or a live A/B
    /// of two mixes).
    pub fn load_mixes(
        &mut self,
        layout: &[StemLayout],
        sources: &[Arc<Audio>],
        mixes: &[Mix],
        tempo_bpm: f32,
    ) -> Result<(), String> {
        let live = mixes
            .iter()
            .map(|mix| Live {
                layout: layout.to_vec(),
                sources: sources.to_vec(),
                mix: mix.clone(),
                tempo_bpm,
            })
            .collect();
        self.load(live)
    }

    fn load(&mut self, live: Vec<Live>) -> Result<(), String> {
        let previous = std::mem::replace(&mut self.live, live);
        match self.rebuild() {
            Ok(()) => {
                self.selected = self.selected.min(self.live.len().saturating_sub(1));
                Ok(())
            }
            Err(e) => {
                self.live = previous;
                Err(e)
            }
        }
    }

    /// Builds the program from what is loaded and sends it.
    fn rebuild(&mut self) -> Result<(), String> {
        let variants = self
            .live
            .iter()
            .map(Live::variant)
            .collect::<Result<Vec<_>, _>>()?;
        let program = Program::new(variants)?;
        self.frames = program.frames;
        if self.loop_region.is_some_and(|(_, e)| e > self.frames) {
            self.loop_region = None;
            self.send(Command::Loop(None));
        }
        self.send(Command::Load(Box::new(program)));
        Ok(())
    }

    /// Variant `variant`'s mix becomes `mix`: a glide when the shape is the
    /// same, else a rebuilt program (a 5 ms dip, same position).
    pub fn set_mix(&mut self, variant: usize, mix: &Mix) -> Result<(), String> {
        mix.validate()?;
        let Some(live) = self.live.get_mut(variant) else {
            return Err(format!("there is no variant {variant}"));
        };
        if Graph::same_shape(&live.layout, &live.mix, mix, live.tempo_bpm) {
            let values = Box::new(MixValues::of(&live.layout, mix));
            live.mix = mix.clone();
            self.send(Command::Mix { variant, values });
            Ok(())
        } else {
            let old = std::mem::replace(&mut live.mix, mix.clone());
            self.rebuild().inspect_err(|_| self.live[variant].mix = old)
        }
    }

    /// The mix variant `variant` plays.
    pub fn mix(&self, variant: usize) -> Option<&Mix> {
        self.live.get(variant).map(|l| &l.mix)
    }

    pub fn play(&mut self) {
        self.send(Command::Play);
    }

    pub fn pause(&mut self) {
        self.send(Command::Pause);
    }

    /// Stops and goes back to the start (of the loop, when looping).
    pub fn stop(&mut self) {
        self.send(Command::Stop);
    }

    /// Jumps to `frame`.
    pub fn seek(&mut self, frame: usize) {
        self.send(Command::Seek(frame.min(self.frames)));
    }

    /// Hears variant `variant` (A 0, B 1, C 2) after a 10 ms crossfade.
    pub fn select(&mut self, variant: usize) {
        if variant < self.live.len() {
            self.selected = variant;
            self.send(Command::Select(variant));
        }
    }

    /// The variant selected last.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// How many variants are loaded.
    pub fn variants(&self) -> usize {
        self.live.len()
    }

    /// Loops `[start, end)` frames, or stops looping.
    pub fn set_loop(&mut self, region: Option<(usize, usize)>) {
        self.loop_region = region.filter(|(s, e)| e > s && *e <= self.frames);
        self.send(Command::Loop(self.loop_region));
    }

    pub fn loop_region(&self) -> Option<(usize, usize)> {
        self.loop_region
    }

    /// The output volume in dB (at most 0).
    pub fn set_volume_db(&mut self, db: f32) {
        self.volume_db = db.min(0.0);
        self.send(Command::Volume(self.volume_db));
    }

    pub fn volume_db(&self) -> f32 {
        self.volume_db
    }

    /// Takes in the audio thread's reports. When the device has gone, the
    /// output is closed and [`Deck::sound`] says so.
    pub fn poll(&mut self) -> DeckStatus {
        if let Some(o) = &self.output
            && o.lost()
        {
            self.problem = Some(format!(
                "the audio device '{}' stopped working; playback stopped. Choose a device in \
                 Settings to go on.",
                o.device
            ));
            self.output = None;
        }
        self.controller.poll();
        DeckStatus {
            playing: self.controller.status.playing && self.output.is_some(),
            ..self.controller.status
        }
    }

    /// A note suggesting a break after an hour of listening.
    pub fn fatigue_note(&self) -> Option<String> {
        self.controller.fatigue_note()
    }

    /// Commands go to the audio thread only while an output runs; without
    /// one, the deck keeps the state and rebuilds it on [`Deck::reopen`].
    fn send(&mut self, command: Command) {
        if self.output.is_some()
            && let Err(e) = self.controller.send(command)
        {
            self.problem = Some(e);
        }
    }
}
