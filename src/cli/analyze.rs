//! `mixtutor analyze FILE... [--json]`

use mixtutor::analysis::{Analysis, analyze};
use mixtutor::audio;
use std::path::PathBuf;
use std::process::ExitCode;

/// Measures every file; a file that cannot be read is reported on stderr and
/// the others are still measured (the exit code is then non-zero).
pub fn run(files: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let mut results = Vec::new();
    let mut failed = false;
    for file in files {
        let measured = audio::decode_file(file)
            .map_err(|e| e.to_string())
            .and_then(|a| {
                analyze(&file.display().to_string(), &a)
                    .map_err(|e| format!("{}: {e}", file.display()))
            });
        match measured {
            Ok(a) => results.push(a),
            Err(e) => {
                eprintln!("mixtutor: {e}");
                failed = true;
            }
        }
    }
    if json {
        let text = match results.as_slice() {
            [one] if files.len() == 1 => serde_json::to_string_pretty(one)?,
            many => serde_json::to_string_pretty(many)?,
        };
        println!("{text}");
    } else {
        for a in &results {
            print_text(a);
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_text(a: &Analysis) {
    println!("{}", a.path);
    println!(
        "  length            {:.2} s, {} Hz, {} channel(s)",
        a.duration_s, a.sample_rate, a.channels
    );
    println!(
        "  loudness          {:.1} LUFS integrated, range {:.1} LU",
        a.integrated_lufs, a.loudness_range_lu
    );
    println!(
        "  peaks             {:.1} dBTP true, {:.1} dBFS sample",
        a.true_peak_dbtp, a.sample_peak_dbfs
    );
    println!(
        "  level             {:.1} dBFS RMS, crest {:.1} dB",
        a.rms_dbfs, a.crest_db
    );
    println!("  correlation       {:+.2}", a.correlation);
    let bands: Vec<String> = a
        .octave_bands_db
        .0
        .iter()
        .map(|(c, db)| format!("{c}:{db:.1}"))
        .collect();
    println!("  octave bands (dB) {}", bands.join(" "));
}
