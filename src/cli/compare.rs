//! `mixtutor compare MIX REFERENCE [--json] [--loop START:END]`: the mix
//! (an audio file or a session's reference mix) against a reference (a
//! file or a track of the reference library), the reference matched to the
//! mix's loudness; every metric for both, the differences, and what to
//! listen for.

use anyhow::{Context, anyhow};
use mixtutor::analysis::{MatchMode, ReferenceComparison, compare_reference};
use mixtutor::audio::Audio;
use mixtutor::engine::{Excerpt, MasterLimiter, Session, render_sources};
use mixtutor::material::Library;
use mixtutor::paths::DataDir;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    mix: &str,
    reference: &str,
    region: Option<&str>,
    json: bool,
    data: Option<&DataDir>,
) -> anyhow::Result<ExitCode> {
    let (mix_name, mix_audio) = load_mix(mix, data)?;
    let (ref_name, ref_audio) = load_reference(reference, data)?;
    let mode = match region {
        Some(r) => {
            let (start, end) =
                super::play::parse_loop(r, mix_audio.frames().min(ref_audio.frames()))?;
            MatchMode::Region {
                start,
                frames: end - start,
            }
        }
        None => MatchMode::Integrated,
    };
    let c = compare_reference((&mix_name, &mix_audio), (&ref_name, &ref_audio), mode)
        .map_err(anyhow::Error::msg)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&c)?);
    } else {
        print_text(&c);
    }
    Ok(ExitCode::SUCCESS)
}

/// A file, or a session name rendered with its reference mix.
fn load_mix(what: &str, data: Option<&DataDir>) -> anyhow::Result<(String, Audio)> {
    if Path::new(what).is_file() {
        return Ok((what.to_string(), mixtutor::audio::load(Path::new(what))?));
    }
    let dir = Session::locate(what, data)
        .with_context(|| format!("{what}: neither an audio file nor a session"))?;
    let session = Session::load(&dir)?;
    let audio = render_sources(
        &session.layout(),
        &session.sources(),
        &session.manifest.mix,
        session.manifest.tempo_bpm,
        Excerpt {
            start: 0,
            frames: session.frames(),
        },
        MasterLimiter::On,
    )
    .map_err(anyhow::Error::msg)?;
    Ok((format!("{what} (reference mix)"), audio))
}

/// A file, or the name of a track in the reference library.
fn load_reference(what: &str, data: Option<&DataDir>) -> anyhow::Result<(String, Audio)> {
    if Path::new(what).is_file() {
        return Ok((what.to_string(), mixtutor::audio::load(Path::new(what))?));
    }
    let data = data.ok_or_else(|| anyhow!("{what}: no such file (and no data folder)"))?;
    let library = Library::read(data)?;
    let track = library
        .references
        .iter()
        .find(|r| r.name == what || r.title == what)
        .ok_or_else(|| {
            anyhow!("{what}: no such file, and no reference of that name in the library")
        })?;
    let path = Library::path_of(data, track)?;
    Ok((track.title.clone(), mixtutor::audio::load(&path)?))
}

fn print_text(c: &ReferenceComparison) {
    let (m, r) = (&c.mix.analysis, &c.reference.analysis);
    println!("mix        {}", m.path);
    println!("reference  {}", r.path);
    let lu = c.differences.integrated_lu;
    let was = if lu >= 0.0 { "louder" } else { "quieter" };
    println!(
        "matched    reference {:+.2} dB (it was {:.1} LU {was})",
        c.reference_gain_db,
        lu.abs()
    );
    let row = |name: &str, a: f64, b: f64, unit: &str| {
        println!("  {name:<22} {a:>8.1} {b:>8.1}  {unit}");
    };
    println!("  {:<22} {:>8} {:>8}", "", "mix", "ref");
    row(
        "integrated loudness",
        m.integrated_lufs,
        r.integrated_lufs,
        "LUFS",
    );
    row(
        "loudest 3 s",
        c.mix.max_short_term_lufs,
        c.reference.max_short_term_lufs,
        "LUFS",
    );
    row(
        "loudness range",
        m.loudness_range_lu,
        r.loudness_range_lu,
        "LU",
    );
    row("true peak", m.true_peak_dbtp, r.true_peak_dbtp, "dBTP");
    row("crest", m.crest_db, r.crest_db, "dB");
    row("PLR", c.mix.plr_db, c.reference.plr_db, "dB");
    row("correlation", m.correlation, r.correlation, "");
    row(
        "low end 20–120 Hz",
        c.mix.low_end_db,
        c.reference.low_end_db,
        "dB of the whole",
    );
    row(
        "vocal range 1–5 kHz",
        c.mix.vocal_range_db,
        c.reference.vocal_range_db,
        "dB of the whole",
    );
    for p in &c.prompts {
        match p.lesson {
            Some(l) => println!("• {} (lesson: {l})", p.text),
            None => println!("• {}", p.text),
        }
    }
}
