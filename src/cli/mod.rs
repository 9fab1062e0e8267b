//! Command-line parsing and dispatch. Each subcommand lives in its own file
//! and drives the library exactly as the app and the tests do.

mod analyze;
mod compare;
mod exercise;
mod import;
mod lessons;
mod play;
mod practice;
mod process;
mod render;
mod simulate;
mod stats;

use clap::{Parser, Subcommand, ValueEnum};
use mixtutor::audio::WavFormat;
use mixtutor::paths::DataDir;
use std::path::PathBuf;
use std::process::ExitCode;

/// mixtutor: ear training and mixing practice on real multitrack material.
#[derive(Debug, Parser)]
#[command(name = "mixtutor", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Where imported sessions, references, extra lessons and progress are
    /// kept (default: the platform's data folder, ~/.local/share/mixtutor).
    #[arg(long, global = true, env = "MIXTUTOR_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Open the app without sound (no audio device is opened).
    #[arg(long)]
    pub no_audio: bool,
}

impl Cli {
    /// The data directory the command line or the platform names.
    pub fn data(&self) -> anyhow::Result<DataDir> {
        match &self.data_dir {
            Some(dir) => Ok(DataDir::new(dir)),
            None => DataDir::platform_default().ok_or_else(|| {
                anyhow::anyhow!(
                    "no home folder to keep data in: give --data-dir DIR or set MIXTUTOR_DATA_DIR"
                )
            }),
        }
    }
}

/// Sample format for WAV output.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Bits {
    #[value(name = "32")]
    Float32,
    #[value(name = "24")]
    Int24,
    #[value(name = "16")]
    Int16,
}

impl From<Bits> for WavFormat {
    fn from(b: Bits) -> Self {
        match b {
            Bits::Float32 => WavFormat::Float32,
            Bits::Int24 => WavFormat::Int24,
            Bits::Int16 => WavFormat::Int16,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one audio file through one channel strip and write a WAV file.
    Process {
        /// Input audio (WAV, FLAC, MP3, Ogg Vorbis, AIFF; any rate).
        input: PathBuf,
        /// The strip, in the strip format (TOML).
        #[arg(long)]
        strip: PathBuf,
        /// Output WAV file (48 kHz stereo).
        #[arg(short, long)]
        output: PathBuf,
        /// Tempo for delay note values such as "1/8.", in BPM.
        #[arg(long, default_value_t = 120.0)]
        tempo: f32,
        /// WAV sample format: 32 (float), 24 or 16 (integer).
        #[arg(long, value_enum, default_value = "32")]
        bits: Bits,
        /// Limit the output to this true-peak ceiling, dBTP (−40 … −1), with
        /// the master limiter; without it the output is what the strip makes.
        #[arg(long, allow_hyphen_values = true)]
        ceiling: Option<f32>,
    },
    /// Render a session's mix (its reference mix unless --mix is given).
    Render {
        /// A session folder (with session.toml) or a built-in session name.
        session: String,
        /// A mix file (TOML) to render instead of the reference mix.
        #[arg(long)]
        mix: Option<PathBuf>,
        /// Where to start, in seconds.
        #[arg(long, default_value_t = 0.0)]
        start: f64,
        /// How long to render, in seconds (default: to the end).
        #[arg(long)]
        duration: Option<f64>,
        /// Output WAV file (48 kHz stereo).
        #[arg(short, long)]
        output: PathBuf,
        /// WAV sample format: 32 (float), 24 or 16 (integer).
        #[arg(long, value_enum, default_value = "32")]
        bits: Bits,
    },
    /// Play through the real-time player: A alone, or A and B switched every
    /// --switch-every ms; to the sound card, or with --capture to a file.
    Play {
        /// An audio file or a session name (built-in or imported).
        #[arg(required_unless_present = "list_devices")]
        a: Option<String>,
        /// A second file or session to switch with.
        #[arg(long)]
        vs: Option<String>,
        /// Switch between A and B every MS milliseconds.
        #[arg(long, value_name = "MS", requires = "vs")]
        switch_every: Option<f64>,
        /// Loop from START to END seconds.
        #[arg(long = "loop", value_name = "START:END")]
        loop_region: Option<String>,
        /// Write what would reach the speakers to this WAV file (no sound
        /// card needed), as fast as it renders.
        #[arg(long, value_name = "OUT.wav")]
        capture: Option<PathBuf>,
        /// With --capture: take as long as playing would.
        #[arg(long, requires = "capture")]
        realtime: bool,
        /// How long to play (default: the material, or three times round the loop).
        #[arg(long)]
        seconds: Option<f64>,
        /// Output device (see --list-devices).
        #[arg(long)]
        device: Option<String>,
        /// Frames per audio callback, 64–2048 (default: the device's).
        #[arg(long)]
        buffer: Option<u32>,
        /// Output volume in dB (at most 0).
        #[arg(long, default_value_t = mixtutor::audio::player::DEFAULT_VOLUME_DB, allow_hyphen_values = true)]
        volume: f32,
        /// List the output devices and stop.
        #[arg(long)]
        list_devices: bool,
    },
    /// Compare a mix with a reference track, the reference matched to the
    /// mix's loudness (BS.1770): every metric for both, the differences and
    /// what to listen for.
    Compare {
        /// The mix: an audio file, or a session (its reference mix).
        mix: String,
        /// The reference: an audio file, or a track of the reference library.
        reference: String,
        /// Match the loudness over START:END seconds only (the looped part).
        #[arg(long = "loop", value_name = "START:END")]
        loop_region: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Measure loudness, peaks, levels, correlation and octave bands.
    Analyze {
        /// Audio files to measure.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON (one object for one file, an array for several).
        #[arg(long)]
        json: bool,
    },
    /// Import a folder of stems as a session, or songs into the reference
    /// library (--reference).
    Import {
        /// A folder of stems; with --reference, song files or folders of them.
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// The new session's name (required for stems).
        #[arg(long, required_unless_present = "reference")]
        name: Option<String>,
        /// Import reference tracks into the library instead of stems.
        #[arg(long, conflicts_with_all = ["name", "role", "tempo", "replace"])]
        reference: bool,
        /// Set a stem's role instead of guessing it: STEM=ROLE (e.g.
        /// "gtr-l=guitar"); may be repeated.
        #[arg(long, value_name = "STEM=ROLE")]
        role: Vec<String>,
        /// Tempo in BPM, for delay note values.
        #[arg(long)]
        tempo: Option<f32>,
        /// Replace a session of the same name.
        #[arg(long)]
        replace: bool,
        /// With --reference: the genre the songs are filed under (rock,
        /// house, hiphop…), for the genre target of mixes of that genre.
        #[arg(long, requires = "reference", default_value = "")]
        genre: String,
    },
    /// List or validate lessons.
    Lessons {
        #[command(subcommand)]
        action: LessonsAction,
    },
    /// Write one drill's A and B and its answer: a.wav, b.wav, exercise.json.
    Exercise {
        /// The lesson id (see `mixtutor lessons list`).
        lesson: String,
        /// Which of the lesson's drills, counting from 0.
        #[arg(long, default_value_t = 0)]
        drill: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Size of the change in the skill's unit (default: the skill's start).
        #[arg(long)]
        level: Option<f64>,
        /// Rove the playback level by ±0.5 dB per version.
        #[arg(long)]
        rove: bool,
        /// Output folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Render N exercises from --seed on and flag any whose only
        /// measurable difference is loudness (exit 1 if any).
        #[arg(long, value_name = "N", conflicts_with = "out")]
        self_test: Option<u32>,
    },
    /// Practise in the terminal: each question's A and B are written as WAV
    /// files, the answer is typed, and progress is saved.
    Practice {
        /// A lesson to practise (default: reviews that are due, then the
        /// next lesson of the curriculum).
        lesson: Option<String>,
        /// The learner profile.
        #[arg(long, default_value_t = default_learner())]
        learner: String,
        /// Where a.wav, b.wav and c.wav go (default: DATA/practice).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Make the questions repeatable.
        #[arg(long)]
        seed: Option<u64>,
        /// Stop after N answers.
        #[arg(long, value_name = "N")]
        questions: Option<u32>,
    },
    /// Show progress: thresholds, accuracy over time, confusions, streaks.
    Stats {
        /// Only this learner (default: every learner).
        #[arg(long)]
        learner: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Run the adaptive loop against a simulated listener with a known threshold.
    Simulate {
        #[arg(long, required_unless_present = "list_skills")]
        skill: Option<String>,
        /// The listener's true threshold, in the skill's unit.
        #[arg(long, required_unless_present = "list_skills")]
        threshold: Option<f64>,
        #[arg(long, default_value_t = 60)]
        trials: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        json: bool,
        /// Name the skills.
        #[arg(long)]
        list_skills: bool,
    },
}

use mixtutor::settings::default_learner;

#[derive(Debug, Subcommand)]
pub enum LessonsAction {
    /// Id, title, skill and drills of each lesson.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Validate lesson files; problems are printed as file:line: message.
    Check {
        /// A folder of lesson files (default: the built-in lessons).
        dir: Option<PathBuf>,
    },
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = &cli.command else {
        let options = mixtutor::ui::Options {
            data: Some(cli.data()?),
            audio: !cli.no_audio,
        };
        mixtutor::ui::run(options)
            .map_err(|e| anyhow::anyhow!("the window could not open: {e}"))?;
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::Process {
            input,
            strip,
            output,
            tempo,
            bits,
            ceiling,
        } => process::run(input, strip, output, *tempo, (*bits).into(), *ceiling)?,
        Command::Render {
            session,
            mix,
            start,
            duration,
            output,
            bits,
        } => render::run(
            session,
            cli.data().ok().as_ref(),
            mix.as_deref(),
            *start,
            *duration,
            output,
            (*bits).into(),
        )?,
        Command::Analyze { files, json } => return analyze::run(files, *json),
        Command::Compare {
            mix,
            reference,
            loop_region,
            json,
        } => {
            return compare::run(
                mix,
                reference,
                loop_region.as_deref(),
                *json,
                cli.data().ok().as_ref(),
            );
        }
        Command::Play {
            a,
            vs,
            switch_every,
            loop_region,
            capture,
            realtime,
            seconds,
            device,
            buffer,
            volume,
            list_devices,
        } => {
            let options = play::Options {
                a: a.as_deref(),
                vs: vs.as_deref(),
                switch_every_ms: *switch_every,
                loop_region: loop_region.as_deref(),
                capture: capture.as_deref(),
                realtime: *realtime,
                seconds: *seconds,
                device: device.as_deref(),
                buffer: *buffer,
                volume_db: *volume,
                list_devices: *list_devices,
            };
            return play::run(&options, cli.data().ok().as_ref());
        }
        Command::Import {
            sources,
            name,
            reference,
            role,
            tempo,
            replace,
            genre,
        } => {
            let data = cli.data()?;
            return if *reference {
                import::references(sources, genre, &data)
            } else {
                import::session(sources, name.as_deref(), role, *tempo, *replace, &data)
            };
        }
        Command::Lessons { action } => {
            let data = cli.data().ok();
            return match action {
                LessonsAction::List { json } => lessons::list(data.as_ref(), *json),
                LessonsAction::Check { dir } => lessons::check(dir.as_deref(), data.as_ref()),
            };
        }
        Command::Exercise {
            lesson,
            drill,
            seed,
            level,
            rove,
            out,
            self_test,
        } => {
            let options = exercise::Options {
                lesson,
                drill: *drill,
                seed: *seed,
                level: *level,
                rove: *rove,
                out: out.as_deref(),
                self_test: *self_test,
            };
            return exercise::run(&options, cli.data().ok().as_ref());
        }
        Command::Practice {
            lesson,
            learner,
            out,
            seed,
            questions,
        } => {
            let options = practice::Options {
                lesson: lesson.as_deref(),
                learner,
                out: out.as_deref(),
                seed: *seed,
                questions: *questions,
            };
            return practice::run(&options, &cli.data()?);
        }
        Command::Stats { learner, json } => {
            return stats::run(&cli.data()?, learner.as_deref(), *json);
        }
        Command::Simulate {
            skill,
            threshold,
            trials,
            seed,
            json,
            list_skills,
        } => {
            return simulate::run(
                skill.as_deref(),
                *threshold,
                *trials,
                *seed,
                *json,
                *list_skills,
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
