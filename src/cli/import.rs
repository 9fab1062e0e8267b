//! `mixtutor import STEMS_DIR --name NAME [--role STEM=ROLE]… [--tempo BPM] [--replace]`
//! and `mixtutor import --reference FILE_OR_DIR…`.
//!
//! Files that cannot be read are listed on stderr by name; the rest are
//! imported and the exit status is success. Only an import that brings in
//! nothing fails.

use anyhow::{Context, bail};
use mixtutor::audio::AudioError;
use mixtutor::engine::Role;
use mixtutor::material::{SessionImport, import_references, import_session};
use mixtutor::paths::DataDir;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn session(
    sources: &[PathBuf],
    name: Option<&str>,
    roles: &[String],
    tempo: Option<f32>,
    replace: bool,
    data: &DataDir,
) -> anyhow::Result<ExitCode> {
    let [dir] = sources else {
        bail!("give one folder of stems (got {})", sources.len());
    };
    let Some(name) = name else {
        bail!("give the session a name with --name NAME");
    };
    if !dir.is_dir() {
        bail!("{}: not a folder of stems", dir.display());
    }
    if let Some(t) = tempo
        && !(20.0..=400.0).contains(&t)
    {
        bail!("--tempo {t} is out of range (20 … 400 BPM)");
    }
    let options = SessionImport {
        name: name.to_string(),
        tempo_bpm: tempo,
        roles: parse_roles(roles)?,
        replace,
    };
    let report = import_session(dir, &options, data)?;
    // The session is known by its folder's name, which keeps only letters,
    // digits and dashes of the name given.
    let stored = report
        .dir
        .file_name()
        .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned());
    let renamed = if stored == name {
        String::new()
    } else {
        format!(" (from '{name}': names keep letters, digits and dashes)")
    };
    println!(
        "imported {} stems ({:.1} s) as session '{stored}'{renamed} in {}",
        report.stems.len(),
        report.duration_s,
        report.dir.display()
    );
    for stem in &report.stems {
        let role = stem.entry.role.name();
        let loudness = if stem.loudness_lufs.is_finite() {
            format!("{:6.1} LUFS", stem.loudness_lufs)
        } else {
            "silent     ".to_string()
        };
        println!(
            "  {:<20} {:<14} {loudness}  start gain {:+5.1} dB",
            stem.entry.name, role, stem.gain_db
        );
    }
    println!(
        "roles and gains can be edited in {}",
        report.dir.join("session.toml").display()
    );
    warn(&report.failed);
    Ok(ExitCode::SUCCESS)
}

pub fn references(sources: &[PathBuf], genre: &str, data: &DataDir) -> anyhow::Result<ExitCode> {
    let report = import_references(sources, genre, data)?;
    println!(
        "added {} reference tracks to {}",
        report.references.len(),
        report.dir.display()
    );
    for r in &report.references {
        let lufs = r
            .integrated_lufs
            .map_or_else(|| "silent".to_string(), |l| format!("{l:.1} LUFS"));
        println!("  {:<24} {:6.1} s  {lufs}", r.name, r.duration_s);
    }
    warn(&report.failed);
    Ok(ExitCode::SUCCESS)
}

fn warn(failed: &[AudioError]) {
    if !failed.is_empty() {
        let n = failed.len();
        let what = if n == 1 { "file was" } else { "files were" };
        eprintln!("mixtutor: {n} {what} not imported:");
        for e in failed {
            eprintln!("  {e}");
        }
    }
}

fn parse_roles(pairs: &[String]) -> anyhow::Result<BTreeMap<String, Role>> {
    let mut roles = BTreeMap::new();
    for pair in pairs {
        let (stem, role) = pair
            .split_once('=')
            .with_context(|| format!("--role {pair}: write STEM=ROLE, e.g. gtr-l=guitar"))?;
        let role: Role = role
            .parse()
            .map_err(|e| anyhow::anyhow!("--role {pair}: {e}"))?;
        roles.insert(stem.trim().to_string(), role);
    }
    Ok(roles)
}
