//! `mixtutor simulate --skill SKILL --threshold X --trials N [--seed S] [--json]`
//! and `mixtutor simulate --list-skills`.

use anyhow::{Context, bail};
use mixtutor::quiz::{SKILLS, simulate, skill};
use std::process::ExitCode;

/// Answers per question the simulated listener guesses among.
const CHOICES: u32 = 4;

pub fn run(
    skill_id: Option<&str>,
    threshold: Option<f64>,
    trials: u32,
    seed: u64,
    json: bool,
    list: bool,
) -> anyhow::Result<ExitCode> {
    if list {
        if json {
            println!("{}", serde_json::to_string_pretty(SKILLS)?);
        } else {
            for s in SKILLS {
                println!(
                    "{:<12} {} ({}, {} … {})",
                    s.id, s.name, s.unit, s.min, s.max
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let id = skill_id.context("give --skill (see --list-skills)")?;
    let skill = skill(id).with_context(|| format!("no skill '{id}' (see --list-skills)"))?;
    let threshold = threshold.context("give --threshold X, in the skill's unit")?;
    if !(threshold.is_finite() && threshold > 0.0) {
        bail!("--threshold must be a positive number");
    }
    let sim = simulate(skill, threshold, trials, CHOICES, seed);
    if json {
        println!("{}", serde_json::to_string_pretty(&sim)?);
    } else {
        println!(
            "{}: true threshold {threshold} {}, estimate {:.2} {} after {trials} trials ({} reversals)",
            skill.id,
            skill.unit,
            sim.estimate,
            skill.unit,
            sim.reversals.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
