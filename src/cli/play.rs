//! `mixtutor play A [--vs B] [--switch-every MS] [--loop START:END]
//! [--capture OUT.wav]`: plays through the real-time player — to the sound
//! card, or with `--capture` to a file, exactly what would reach the
//! speakers.

use anyhow::{Context, anyhow, bail};
use mixtutor::audio::output::{Output, OutputSettings, devices};
use mixtutor::audio::player::{Command, Controller, Player, Program, Variant, player};
use mixtutor::audio::{WavFormat, WavStream};
use mixtutor::engine::{Graph, MasterLimiter, Mix, Session, StemLayout};
use mixtutor::paths::DataDir;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The internal sample rate, Hz, as a float for time arithmetic.
const FS: f64 = mixtutor::SAMPLE_RATE_HZ as f64;

/// What `play` was asked.
pub struct Options<'a> {
    pub a: Option<&'a str>,
    pub vs: Option<&'a str>,
    pub switch_every_ms: Option<f64>,
    pub loop_region: Option<&'a str>,
    pub capture: Option<&'a Path>,
    pub realtime: bool,
    pub seconds: Option<f64>,
    pub device: Option<&'a str>,
    pub buffer: Option<u32>,
    pub volume_db: f32,
    pub list_devices: bool,
}

pub fn run(options: &Options, data: Option<&DataDir>) -> anyhow::Result<ExitCode> {
    if options.list_devices {
        match devices() {
            Ok(names) if names.is_empty() => println!("no audio output devices"),
            Ok(names) => names.iter().for_each(|n| println!("{n}")),
            Err(e) => bail!("{e}"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let a = options
        .a
        .ok_or_else(|| anyhow!("what to play: an audio file or a session name"))?;
    let mut variants = vec![variant(a, data)?];
    if let Some(b) = options.vs {
        variants.push(variant(b, data)?);
    }
    let program = Program::new(variants).map_err(anyhow::Error::msg)?;
    let frames = program.frames;
    let region = options
        .loop_region
        .map(|r| parse_loop(r, frames))
        .transpose()?;
    let seconds = options.seconds.unwrap_or_else(|| match region {
        // Three times round the loop.
        Some((s, e)) => 3.0 * (e - s) as f64 / FS,
        None => frames as f64 / FS,
    });
    let total = (seconds.max(0.0) * FS) as usize;
    let (mut controller, player) = player();
    controller
        .send(Command::Load(Box::new(program)))
        .map_err(anyhow::Error::msg)?;
    controller
        .send(Command::Volume(options.volume_db))
        .map_err(anyhow::Error::msg)?;
    if let Some((s, e)) = region {
        controller
            .send(Command::Loop(Some((s, e))))
            .map_err(anyhow::Error::msg)?;
        controller
            .send(Command::Seek(s))
            .map_err(anyhow::Error::msg)?;
    }
    controller.send(Command::Play).map_err(anyhow::Error::msg)?;
    let switch_every = options
        .vs
        .and(options.switch_every_ms)
        .map(|ms| ((ms.max(1.0) * 48.0) as usize).max(1));
    match options.capture {
        Some(path) => capture(
            path,
            &mut controller,
            player,
            total,
            options.buffer.unwrap_or(256) as usize,
            switch_every,
            options.realtime,
        )?,
        None => speakers(options, &mut controller, player, total, switch_every)?,
    }
    if let Some(note) = controller.fatigue_note() {
        eprintln!("{note}");
    }
    Ok(ExitCode::SUCCESS)
}

/// One side of the comparison: an audio file through a plain strip, or a
/// session with its mix. Both end in the master's true-peak limiter.
fn variant(what: &str, data: Option<&DataDir>) -> anyhow::Result<Variant> {
    let path = PathBuf::from(what);
    if path.is_file() {
        let audio = mixtutor::audio::load(&path)?;
        let layout = [StemLayout {
            name: "track".into(),
            channels: audio.channels.len(),
        }];
        let graph = Graph::new(&layout, &Mix::default(), 120.0, MasterLimiter::On)
            .map_err(anyhow::Error::msg)?;
        return Ok(Variant {
            sources: vec![Arc::new(audio)],
            graph,
        });
    }
    let dir = Session::locate(what, data)
        .with_context(|| format!("{what}: neither an audio file nor a session"))?;
    let session = Session::load(&dir)?;
    let graph = Graph::new(
        &session.layout(),
        &session.manifest.mix,
        session.manifest.tempo_bpm,
        MasterLimiter::On,
    )
    .map_err(anyhow::Error::msg)?;
    Ok(Variant {
        sources: session.sources(),
        graph,
    })
}

/// "START:END" in seconds, inside the material.
pub fn parse_loop(text: &str, frames: usize) -> anyhow::Result<(usize, usize)> {
    let (s, e) = text
        .split_once(':')
        .ok_or_else(|| anyhow!("--loop {text}: write START:END in seconds, e.g. 2.5:6"))?;
    let secs = |x: &str| -> anyhow::Result<usize> {
        let v: f64 = x
            .trim()
            .parse()
            .map_err(|_| anyhow!("--loop {text}: '{x}' is not a number of seconds"))?;
        if !(v.is_finite() && v >= 0.0) {
            bail!("--loop {text}: '{x}' must be zero or more seconds");
        }
        Ok((v * FS).round() as usize)
    };
    let (s, e) = (secs(s)?, secs(e)?.min(frames));
    if e <= s {
        bail!("--loop {text}: the end must come after the start, inside the material");
    }
    Ok((s, e))
}

/// Runs the player as fast as it goes (or at the pace of real time) and
/// writes its output.
fn capture(
    path: &Path,
    controller: &mut Controller,
    mut player: Player,
    total: usize,
    block: usize,
    switch_every: Option<usize>,
    realtime: bool,
) -> anyhow::Result<()> {
    let block = block.clamp(16, 4096);
    let mut wav = WavStream::create(path, 2, mixtutor::SAMPLE_RATE_HZ, WavFormat::Float32)?;
    let mut buffer = vec![0.0f32; 2 * block];
    let (mut left, mut right) = (vec![0.0f32; block], vec![0.0f32; block]);
    let started = Instant::now();
    let mut done = 0;
    let mut variant = 0;
    let mut next_switch = switch_every.unwrap_or(usize::MAX);
    while done < total {
        if done >= next_switch {
            variant = 1 - variant;
            controller
                .send(Command::Select(variant))
                .map_err(anyhow::Error::msg)?;
            next_switch += switch_every.unwrap_or(usize::MAX);
        }
        let n = block.min(total - done);
        player.render(&mut buffer[..2 * n]);
        for i in 0..n {
            left[i] = buffer[2 * i];
            right[i] = buffer[2 * i + 1];
        }
        wav.write(&[&left[..n], &right[..n]])?;
        controller.poll();
        done += n;
        if realtime {
            let due = Duration::from_secs_f64(done as f64 / FS);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
        }
    }
    wav.finish()?;
    eprintln!(
        "wrote {} ({:.1} s, {} switches)",
        path.display(),
        total as f64 / FS,
        controller.switches.len()
    );
    Ok(())
}

/// Plays to the sound card, switching on the wall clock.
fn speakers(
    options: &Options,
    controller: &mut Controller,
    player: Player,
    total: usize,
    switch_every: Option<usize>,
) -> anyhow::Result<()> {
    let settings = OutputSettings {
        device: options.device.map(str::to_string),
        buffer_frames: options.buffer,
    };
    let output = Output::open(&settings, player).map_err(|e| {
        let reason = e.to_string();
        anyhow!(
            "{}. Nothing was played; `--capture OUT.wav` writes what would have been.",
            reason.trim_end_matches('.')
        )
    })?;
    eprintln!("playing on {}", output.device);
    let started = Instant::now();
    let length = Duration::from_secs_f64(total as f64 / FS);
    let every = switch_every.map(|f| Duration::from_secs_f64(f as f64 / FS));
    let mut next_switch = every;
    let mut variant = 0;
    while started.elapsed() < length {
        if output.lost() {
            bail!(
                "the audio device {} stopped working; playback stopped",
                output.device
            );
        }
        if let (Some(at), Some(step)) = (next_switch, every)
            && started.elapsed() >= at
        {
            variant = 1 - variant;
            controller
                .send(Command::Select(variant))
                .map_err(anyhow::Error::msg)?;
            next_switch = Some(at + step);
        }
        controller.poll();
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = controller.send(Command::Stop);
    std::thread::sleep(Duration::from_millis(20));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loop_regions_are_parsed_in_seconds_and_checked() {
        assert_eq!(parse_loop("1:2.5", 480_000).ok(), Some((48_000, 120_000)));
        // The end stops at the material's end; a start past it is an error.
        assert_eq!(parse_loop("1:20", 96_000).ok(), Some((48_000, 96_000)));
        assert!(parse_loop("3:4", 96_000).is_err());
        assert!(parse_loop("2:1", 480_000).is_err());
        assert!(parse_loop("x:1", 480_000).is_err());
        assert!(parse_loop("1", 480_000).is_err());
    }
}
