//! `mixtutor exercise LESSON_ID [--seed N] [--level L] [--rove] [--drill I] --out DIR`
//! and `--self-test N`: render many exercises and flag any whose only
//! measurable difference is loudness.

use anyhow::{Context, bail};
use mixtutor::analysis::compare;
use mixtutor::audio::{WavFormat, write_wav};
use mixtutor::lessons::{find, load_all};
use mixtutor::paths::DataDir;
use mixtutor::quiz::{ROVE_DB, Rendered, generate, render_pair, skill};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

/// Left over after loudness matching, a difference this far below the
/// signal is inaudible: only loudness told A from B.
const ONLY_LOUDNESS_RESIDUAL_DB: f64 = -40.0;

pub struct Options<'a> {
    pub lesson: &'a str,
    pub drill: usize,
    pub seed: u64,
    pub level: Option<f64>,
    pub rove: bool,
    pub out: Option<&'a Path>,
    pub self_test: Option<u32>,
}

pub fn run(o: &Options, data: Option<&DataDir>) -> anyhow::Result<ExitCode> {
    let (lessons, _) = load_all(data);
    let lesson = find(&lessons, o.lesson)
        .with_context(|| format!("no lesson '{}' (see mixtutor lessons list)", o.lesson))?;
    let drill = lesson.drills.get(o.drill).with_context(|| {
        format!(
            "lesson '{}' has {} drills; --drill counts from 0",
            lesson.id,
            lesson.drills.len()
        )
    })?;
    let skill = skill(&drill.skill()).context("the drill's skill is unknown")?;
    let level = o.level.unwrap_or(skill.start);
    if let Some(n) = o.self_test {
        return self_test(lesson.id.as_str(), drill, level, o.seed, n, data);
    }
    let Some(out) = o.out else {
        bail!("give --out DIR for a.wav, b.wav and exercise.json");
    };
    let ex = generate(&lesson.id, drill, level, o.seed, data).map_err(anyhow::Error::msg)?;
    let rendered = render_pair(&ex, o.rove.then_some(ROVE_DB)).map_err(anyhow::Error::msg)?;
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    write_wav(&out.join("a.wav"), &rendered.a, WavFormat::Float32)?;
    write_wav(&out.join("b.wav"), &rendered.b, WavFormat::Float32)?;
    let labels = ex.labels();
    let doc = json!({
        "lesson": ex.lesson,
        "skill": ex.skill,
        "level": ex.level,
        "unit": skill.unit,
        "seed": ex.seed,
        "material": ex.stage.description,
        "session": ex.stage.loaded.name,
        "excerpt_start_s": ex.excerpt.start as f64 / mixtutor::SAMPLE_RATE_HZ as f64,
        "excerpt_s": ex.excerpt.frames as f64 / mixtutor::SAMPLE_RATE_HZ as f64,
        "question": ex.question,
        "choices": labels,
        "answer": ex.answer_label(),
        "controls": ex.controls,
        "loudness_matched": ex.loudness_matched(),
        "b_gain_db": rendered.match_gain_db,
        "rove_db": [rendered.rove_db.0, rendered.rove_db.1],
        "change": ex.change,
        "mix_a": ex.a,
        "mix_b": ex.b,
    });
    let path = out.join("exercise.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc)?)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    println!("{}", ex.question);
    for (i, l) in labels.iter().enumerate() {
        println!("  {}) {l}", i + 1);
    }
    for c in &ex.controls {
        println!("  {}: starts at {:+.1} {}", c.label, c.start, c.unit);
    }
    println!(
        "a.wav, b.wav and exercise.json (with the answer) are in {}",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn self_test(
    lesson: &str,
    drill: &mixtutor::quiz::Drill,
    level: f64,
    seed: u64,
    n: u32,
    data: Option<&DataDir>,
) -> anyhow::Result<ExitCode> {
    let mut flagged = 0;
    for s in seed..seed + n as u64 {
        let ex = generate(lesson, drill, level, s, data).map_err(anyhow::Error::msg)?;
        let Rendered { a, mut b, .. } = render_pair(&ex, None).map_err(anyhow::Error::msg)?;
        let c = compare(&a, &b).map_err(anyhow::Error::msg)?;
        b.apply_gain_db(c.match_gain_db);
        let residual = compare(&a, &b).map_err(anyhow::Error::msg)?.residual_db;
        let only_loudness = residual < ONLY_LOUDNESS_RESIDUAL_DB && drill.loudness_matched();
        if only_loudness {
            flagged += 1;
        }
        println!(
            "seed {s:>4}: {:<40} loudness {:+5.2} LU, residual after matching {:6.1} dB{}",
            ex.answer_label(),
            c.loudness_diff_lu,
            residual,
            if only_loudness {
                "  ONLY LOUDNESS DIFFERS"
            } else {
                ""
            }
        );
    }
    println!("{flagged} of {n} exercises differ only in loudness");
    Ok(if flagged == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
