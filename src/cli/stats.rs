//! `mixtutor stats [--learner NAME] [--json]`: each learner's progress —
//! thresholds, accuracy over time, confusions, streaks, minutes, reviews.

use anyhow::Context;
use mixtutor::paths::DataDir;
use mixtutor::progress::{Confusion, Stats, Store, now_ms};
use mixtutor::quiz::{Ladder, Region, hz_label, skill};
use std::process::ExitCode;

/// Opens the store of `data` to write in it, saying on stderr when a
/// damaged file was moved aside.
pub async fn open_store(data: &DataDir) -> anyhow::Result<Store> {
    let store = Store::open(&data.database()).await?;
    if let Some(notice) = store.notice() {
        eprintln!("mixtutor: {notice}");
    }
    Ok(store)
}

/// Opens the store of `data` only to read it: a read-only data dir is fine.
pub async fn open_to_read(data: &DataDir) -> anyhow::Result<Store> {
    let store = Store::open_to_read(&data.database()).await?;
    if let Some(notice) = store.notice() {
        eprintln!("mixtutor: {notice}");
    }
    Ok(store)
}

/// A current-thread runtime for the store's async queries.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the database runtime")
}

pub fn run(data: &DataDir, learner: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let store = open_to_read(data).await?;
        let learners = match learner {
            Some(name) => vec![
                store
                    .find_learner(name)
                    .await?
                    .with_context(|| format!("no learner called '{name}'"))?,
            ],
            None => store.learners().await?,
        };
        let now = now_ms();
        let mut all = Vec::with_capacity(learners.len());
        for l in &learners {
            all.push(store.stats(l, now).await?);
        }
        store.close().await;
        if json {
            println!("{}", serde_json::to_string_pretty(&all)?);
        } else if all.is_empty() {
            println!("No practice yet. Start with: mixtutor practice");
        } else {
            for s in &all {
                print_stats(s);
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn print_stats(s: &Stats) {
    println!("== {} ==", s.learner);
    let accuracy = s
        .accuracy
        .map_or_else(|| "-".into(), |a| format!("{:.0} %", a * 100.0));
    let answers = if s.attempts == 1 { "answer" } else { "answers" };
    println!(
        "{} {answers}, {} right ({accuracy}), {:.0} minutes of practice",
        s.attempts, s.correct, s.practice_minutes
    );
    println!(
        "streaks: {} now (longest {}), {} right in a row now (longest {})",
        days(s.streaks.current_days),
        days(s.streaks.longest_days),
        s.streaks.current_correct,
        s.streaks.longest_correct
    );
    if !s.ladders.is_empty() {
        println!("\nskills:");
    }
    for l in &s.ladders {
        let region = match l.ladder.parse::<Ladder>().map(|l| l.region) {
            Ok(Region::Low) => "low",
            Ok(Region::High) => "high",
            Ok(Region::Mid) | Err(_) => "",
        };
        let threshold = match &l.sentence {
            Some(sentence) => sentence.clone(),
            None => format!(
                "threshold not known yet (next question: {:.1} {})",
                l.level, l.unit
            ),
        };
        println!(
            "  {:<28} {:>4} answers {:>4.0} %  {threshold}",
            format!("{} {region}", l.name).trim_end(),
            l.attempts,
            l.accuracy * 100.0
        );
    }
    let recent_days: Vec<&str> = {
        let mut days: Vec<&str> = s.accuracy_by_day.iter().map(|d| d.day.as_str()).collect();
        days.dedup();
        days.into_iter().rev().take(7).rev().collect()
    };
    if !recent_days.is_empty() {
        println!("\naccuracy by day:");
        for d in s
            .accuracy_by_day
            .iter()
            .filter(|d| recent_days.contains(&d.day.as_str()))
        {
            let name = skill(&d.skill).map_or(d.skill.as_str(), |k| k.name);
            println!(
                "  {} {:<28} {:>3} answers {:>4.0} %",
                d.day,
                name,
                d.attempts,
                d.accuracy * 100.0
            );
        }
    }
    print_confusion(
        "band confusion (rows: the band changed, columns: the answer)",
        &s.band_confusion,
        |k| k.parse::<f64>().map_or_else(|_| k.to_string(), hz_label),
    );
    print_confusion(
        "stem confusion (rows: the stem changed, columns: the answer)",
        &s.stem_confusion,
        str::to_string,
    );
    if !s.due.is_empty() {
        let names: Vec<&str> = s
            .due
            .iter()
            .map(|id| skill(id).map_or(id.as_str(), |k| k.name))
            .collect();
        println!("\ndue for review: {}", names.join(", "));
    }
    println!();
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

fn print_confusion(title: &str, c: &Confusion, label: impl Fn(&str) -> String) {
    if c.labels.is_empty() {
        return;
    }
    let labels: Vec<String> = c.labels.iter().map(|l| label(l)).collect();
    let width = labels.iter().map(|l| l.len()).max().unwrap_or(4).max(4) + 1;
    println!("\n{title}:");
    print!("  {:>width$}", "");
    for l in &labels {
        print!("{l:>width$}");
    }
    println!();
    for (row, l) in c.counts.iter().zip(&labels) {
        print!("  {l:>width$}");
        for n in row {
            let cell = if *n == 0 {
                ".".to_string()
            } else {
                n.to_string()
            };
            print!("{cell:>width$}");
        }
        println!();
    }
}
