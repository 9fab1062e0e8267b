//! Renders the built-in sessions in `audio-samples/` from the arrangements in
//! `songs/`, the FluidR3 GM SoundFont and CC0 Sonic Pi one-shots.
//!
//! ```sh
//! apt-get install fluid-soundfont-gm sonic-pi-samples flac
//! cargo run --release --example make_sessions [-- OUT_DIR]
//! ```
//!
//! Each stem is rendered dry, DC-blocked, scaled by one gain shared by the
//! whole session (so the unprocessed sum peaks at −3 dBFS), written as 16-bit
//! FLAC with the reference `flac` encoder, and decoded back to check that
//! every sample survived.

mod music;
mod songs;
mod synth;

use anyhow::{Context, bail};
use songs::{SessionSpec, Stem};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use synth::{FS, Renderer, Voice};

const SOUNDFONT: &str = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
/// Peak of the unprocessed sum of all stems.
const SUM_PEAK_DBFS: f32 = -3.0;

fn main() -> anyhow::Result<()> {
    let out: PathBuf = std::env::args()
        .nth(1)
        .map_or_else(|| "audio-samples".into(), PathBuf::from);
    let renderer = Renderer::new(Path::new(SOUNDFONT))?;
    for spec in songs::all() {
        let dir = out.join(spec.dir);
        std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
        make_session(&renderer, &spec, &dir)?;
        println!("{}: {} stems", dir.display(), spec.stems.len());
    }
    Ok(())
}

fn make_session(renderer: &Renderer, spec: &SessionSpec, dir: &Path) -> anyhow::Result<()> {
    let mut stems: Vec<Vec<Vec<f32>>> = Vec::new();
    for stem in &spec.stems {
        stems.push(render_stem(renderer, spec, stem)?);
    }
    // One shared gain: the plain sum (mono stems in both channels) peaks at −3 dBFS.
    let frames = spec.song.frames();
    let mut peak = 0.0f32;
    for i in 0..frames {
        for ch in 0..2 {
            let s: f32 = stems.iter().map(|st| st[ch.min(st.len() - 1)][i]).sum();
            peak = peak.max(s.abs());
        }
    }
    if peak == 0.0 {
        bail!("{}: every stem is silent", spec.dir);
    }
    let gain = 10f32.powf(SUM_PEAK_DBFS / 20.0) / peak;
    for (stem, audio) in spec.stems.iter().zip(&stems) {
        let scaled: Vec<Vec<f32>> = audio
            .iter()
            .map(|c| c.iter().map(|x| x * gain).collect())
            .collect();
        write_flac(&dir.join(format!("{}.flac", stem.name)), &scaled)?;
    }
    std::fs::write(dir.join("session.toml"), manifest(spec))?;
    Ok(())
}

fn render_stem(
    renderer: &Renderer,
    spec: &SessionSpec,
    stem: &Stem,
) -> anyhow::Result<Vec<Vec<f32>>> {
    let left = renderer.render(spec.song, &stem.voice, &stem.notes)?;
    let mut channels = match &stem.double {
        // A double-tracked part: the first take left, the second right.
        Some(right) => {
            let right = renderer.render(spec.song, &stem.voice, right)?;
            vec![mono(&left), mono(&right)]
        }
        None if stem.stereo => left.to_vec(),
        None => vec![mono(&left)],
    };
    let trim = 10f32.powf(stem.trim_db / 20.0);
    for ch in &mut channels {
        synth::dc_block(ch);
        ch.iter_mut().for_each(|x| *x *= trim);
    }
    if channels.iter().all(|c| c.iter().all(|&x| x == 0.0)) {
        bail!("{}/{}: rendered silence", spec.dir, stem.name);
    }
    Ok(channels)
}

fn mono(stereo: &[Vec<f32>; 2]) -> Vec<f32> {
    stereo[0]
        .iter()
        .zip(&stereo[1])
        .map(|(l, r)| 0.5 * (l + r))
        .collect()
}

/// Writes 16-bit FLAC through a WAV file and `flac`, then checks the decode.
fn write_flac(path: &Path, channels: &[Vec<f32>]) -> anyhow::Result<()> {
    let quantised: Vec<Vec<i16>> = channels
        .iter()
        .map(|c| {
            c.iter()
                .map(|x| (x.clamp(-1.0, 1.0) * 32767.0).round() as i16)
                .collect()
        })
        .collect();
    let wav = path.with_extension("wav");
    let spec = hound::WavSpec {
        channels: channels.len() as u16,
        sample_rate: FS as u32,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&wav, spec)?;
    for i in 0..quantised[0].len() {
        for c in &quantised {
            w.write_sample(c[i])?;
        }
    }
    w.finalize()?;
    let status = std::process::Command::new("flac")
        .args(["--best", "--silent", "--force", "--no-seektable", "-o"])
        .arg(path)
        .arg(&wav)
        .status()
        .context("running flac (apt-get install flac)")?;
    std::fs::remove_file(&wav)?;
    if !status.success() {
        bail!("{}: flac failed", path.display());
    }
    // Every sample must come back exactly.
    let decoded = mixtutor::audio::load(path)?;
    let same = decoded.channels.len() == quantised.len()
        && decoded.channels.iter().zip(&quantised).all(|(d, q)| {
            d.len() == q.len()
                && d.iter()
                    .zip(q)
                    .all(|(&a, &b)| (a * 32768.0).round() as i32 == b as i32)
        });
    if !same {
        bail!(
            "{}: the FLAC file does not decode back to what was written",
            path.display()
        );
    }
    Ok(())
}

fn credit(voice: &Voice) -> String {
    const GEN: &str = "arrangement by the mixtutor authors (examples/make_sessions, MIT)";
    match voice {
        Voice::Program(p) => format!(
            "{GEN}; rendered with FluidR3_GM (Frank Wen, MIT licence), GM program {}",
            p + 1
        ),
        Voice::Kit(k) => {
            format!("{GEN}; rendered with FluidR3_GM (Frank Wen, MIT licence), drum kit preset {k}")
        }
        Voice::OneShot(name) => format!(
            "{GEN}; one-shot {name}.flac from Sonic Pi's sample set (Debian sonic-pi-samples, CC0)"
        ),
        Voice::Sub808 { .. } => format!(
            "{GEN}; 808 sub synthesised by the generator (sine with pitch drop, decay and drive)"
        ),
    }
}

fn manifest(spec: &SessionSpec) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Generated by examples/make_sessions: edit the arrangement there, not here."
    );
    let _ = writeln!(t, "title = {:?}", spec.title);
    let _ = writeln!(t, "genre = {:?}", spec.genre);
    let _ = writeln!(t, "tempo_bpm = {:.1}", spec.song.bpm);
    let _ = writeln!(t, "key = {:?}", spec.key);
    for s in &spec.stems {
        let _ = writeln!(
            t,
            "\n[[stems]]\nname = {:?}\nfile = \"{}.flac\"\nrole = {:?}\ndisplay_name = {:?}",
            s.name, s.name, s.role, s.display
        );
    }
    let _ = writeln!(t, "\n[credits]");
    for s in &spec.stems {
        let _ = writeln!(t, "\"{}.flac\" = {:?}", s.name, credit(&s.voice));
    }
    let _ = writeln!(
        t,
        "\n# The reference mix: the balance a good engineer would make."
    );
    for line in spec.mix.trim().lines() {
        // Mix sections live under [mix] in the manifest.
        let line = if let Some(rest) = line.strip_prefix('[') {
            format!("[mix.{rest}")
        } else {
            line.to_string()
        };
        let _ = writeln!(t, "{line}");
    }
    t
}
