//! `mixtutor practice [LESSON_ID] [--learner NAME] [--out DIR]`: drills in
//! the terminal. Each question's A and B are written as WAV files to play
//! in any player; the answer is typed; every answer is stored (committed
//! before the next question) and moves the learner's staircase.

use super::stats::{open_store, runtime};
use anyhow::Context;
use mixtutor::audio::{Audio, WavFormat, write_wav};
use mixtutor::lessons::{find, load_all};
use mixtutor::paths::DataDir;
use mixtutor::progress::{Practice, Question, Reason};
use mixtutor::quiz::{ROVE_DB, render_choice, render_mix, render_pair};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Options<'a> {
    pub lesson: Option<&'a str>,
    pub learner: &'a str,
    pub out: Option<&'a Path>,
    pub seed: Option<u64>,
    /// Stop after this many answers.
    pub questions: Option<u32>,
}

pub fn run(o: &Options, data: &DataDir) -> anyhow::Result<ExitCode> {
    let (lessons, problems) = load_all(Some(data));
    for p in &problems {
        eprintln!("{p}");
    }
    let chosen = match o.lesson {
        Some(id) => Some(
            find(&lessons, id)
                .with_context(|| format!("no lesson '{id}' (see mixtutor lessons list)"))?,
        ),
        None => None,
    };
    let out: PathBuf = o.out.map_or_else(|| run_folder(data), Path::to_path_buf);
    std::fs::create_dir_all(&out).with_context(|| format!("{}: cannot create", out.display()))?;
    let seed = o
        .seed
        .unwrap_or_else(|| mixtutor::progress::now_ms() as u64);

    runtime()?.block_on(async {
        let store = open_store(data).await?;
        let mut practice = Practice::start(store, o.learner, seed, Some(data.clone())).await?;
        println!(
            "Practising as {}. A and B are written to {} before each question.",
            practice.learner().name,
            out.display()
        );
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        let mut answered = 0;
        while o.questions.is_none_or(|n| answered < n) {
            let q = practice.next(&lessons, chosen).await?;
            let a = show(&q, &out)?;
            let ex = &q.exercise;
            let outcome = if ex.drill.kind.uses_controls() {
                let Some(values) = ask_values(&q, &mut lines)? else {
                    break;
                };
                let outcome = practice.answer_controls(&q, &values).await?;
                let mix = ex.mix_with(&values).map_err(anyhow::Error::msg)?;
                let c = render_mix(ex, &mix).map_err(anyhow::Error::msg)?;
                write(&out.join("c.wav"), &c)?;
                println!(
                    "{:.0} % — A had: {}. Your mix is C: {}",
                    outcome.score.points * 100.0,
                    ex.answer_label(),
                    out.join("c.wav").display()
                );
                outcome
            } else {
                let Some(chosen) = ask(&q, &mut lines)? else {
                    break;
                };
                let outcome = practice.answer(&q, chosen).await?;
                let right = ex.answer_label();
                if outcome.score.correct {
                    println!("Right: {right}.");
                } else {
                    println!(
                        "Not quite: the answer was {right} ({:.0} % for yours).",
                        outcome.score.points * 100.0
                    );
                }
                if let Some(c) = render_choice(ex, chosen, &a) {
                    write(&out.join("c.wav"), &c.map_err(anyhow::Error::msg)?)?;
                    println!("Your answer rendered as C: {}", out.join("c.wav").display());
                }
                outcome
            };
            answered += 1;
            if let Some(sentence) = &outcome.sentence {
                println!("So far {sentence}.");
            }
            println!("saved (answer {})", outcome.attempt_id);
        }
        practice.store().close().await;
        let answers = if answered == 1 { "answer" } else { "answers" };
        println!("{answered} {answers} saved. See your progress with: mixtutor stats");
        Ok(ExitCode::SUCCESS)
    })
}

/// How long a finished run's files are kept for listening again.
const KEEP_RUNS: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// This run's own folder under `DATA/practice/`, so runs side by side never
/// write (or play) each other's questions; folders of runs older than
/// [`KEEP_RUNS`] are removed on the way.
fn run_folder(data: &DataDir) -> PathBuf {
    let root = data.root().join("practice");
    if let Ok(entries) = std::fs::read_dir(&root) {
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > KEEP_RUNS);
            let ours = entry.file_name().to_string_lossy().starts_with("run-");
            if old && ours {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    root.join(format!(
        "run-{}-{}",
        mixtutor::progress::now_ms(),
        std::process::id()
    ))
}

fn write(path: &Path, audio: &Audio) -> anyhow::Result<()> {
    Ok(write_wav(path, audio, WavFormat::Float32)?)
}

/// Writes A and B and prints the question; returns A (C is matched to it).
fn show(q: &Question, out: &Path) -> anyhow::Result<Audio> {
    let ex = &q.exercise;
    // Roving hides loudness only where loudness is not the question.
    let rove = ex.loudness_matched().then_some(ROVE_DB);
    let pair = render_pair(ex, rove).map_err(anyhow::Error::msg)?;
    write(&out.join("a.wav"), &pair.a)?;
    write(&out.join("b.wav"), &pair.b)?;
    let why = match q.reason {
        Reason::Review => " (review)",
        _ => "",
    };
    println!(
        "\n[{}{why}] {} — {}",
        ex.lesson, ex.stage.description, ex.question
    );
    for (i, c) in ex.choices.iter().enumerate() {
        println!("  {}) {}", i + 1, c.label);
    }
    for (i, c) in ex.controls.iter().enumerate() {
        println!("  {}) {}: now {:+.1} {}", i + 1, c.label, c.start, c.unit);
    }
    Ok(pair.a)
}

/// Asks with `prompt` until `parse` accepts a line (it returns the
/// complaint otherwise); `None` on "q" or the end of input.
fn ask_until<T>(
    prompt: &str,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> anyhow::Result<Option<T>> {
    loop {
        print!("{prompt} (q to stop): ");
        std::io::stdout().flush()?;
        let Some(line) = lines.next() else {
            println!();
            return Ok(None);
        };
        let line = line?;
        let text = line.trim();
        if text.eq_ignore_ascii_case("q") {
            return Ok(None);
        }
        match parse(text) {
            Ok(answer) => return Ok(Some(answer)),
            Err(complaint) => println!("{complaint}"),
        }
    }
}

/// Reads a restoring answer: one value per control, separated by spaces.
fn ask_values(
    q: &Question,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
) -> anyhow::Result<Option<Vec<f64>>> {
    let controls = &q.exercise.controls;
    let unit = controls.first().map_or("dB", |c| c.unit.as_str());
    let prompt = match controls.len() {
        1 => format!("your setting, in {unit}"),
        n => format!("your setting for each of the {n} controls, in {unit}"),
    };
    ask_until(&prompt, lines, |text| {
        let values: Result<Vec<f64>, _> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .map(str::parse::<f64>)
            .collect();
        match values {
            Ok(v) if v.len() == controls.len() && v.iter().all(|x| x.is_finite()) => Ok(v),
            _ if controls.len() == 1 => Err("Type one number, such as: -3.5".into()),
            _ => Err(format!("Type {} numbers, such as: -3 1.5", controls.len())),
        }
    })
}

/// Reads an answer: a number, or a choice's label.
fn ask(
    q: &Question,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
) -> anyhow::Result<Option<usize>> {
    let choices = &q.exercise.choices;
    let n = choices.len();
    ask_until(&format!("answer (1-{n})"), lines, |text| {
        let by_number = text.parse::<usize>().ok().filter(|i| (1..=n).contains(i));
        let by_label = choices
            .iter()
            .position(|c| c.label.eq_ignore_ascii_case(text));
        by_number
            .map(|i| i - 1)
            .or(by_label)
            .ok_or_else(|| format!("'{text}' is not one of the answers."))
    })
}
