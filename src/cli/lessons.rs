//! `mixtutor lessons list [--json]` and `mixtutor lessons check [DIR]`.

use mixtutor::lessons::{self, Lesson, load_all, load_dir};
use mixtutor::paths::DataDir;
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    title: &'a str,
    topic: &'a str,
    order: u32,
    skills: Vec<String>,
    drills: Vec<String>,
}

fn drill_name(d: &mixtutor::quiz::Drill) -> String {
    format!("{} on {}", d.kind.name(), String::from(d.material.clone()))
}

pub fn list(data: Option<&DataDir>, json: bool) -> anyhow::Result<ExitCode> {
    let (lessons, problems) = load_all(data);
    for p in &problems {
        eprintln!("{p}");
    }
    let listed: Vec<Listed> = lessons.iter().map(listed).collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&listed)?);
    } else {
        let mut topic = "";
        for l in &listed {
            if l.topic != topic {
                topic = l.topic;
                println!("{topic}");
            }
            println!("  {:<28} {}  [{}]", l.id, l.title, l.skills.join(", "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn listed(l: &Lesson) -> Listed<'_> {
    Listed {
        id: &l.id,
        title: &l.title,
        topic: &l.topic,
        order: l.order,
        skills: l.skills(),
        drills: l.drills.iter().map(drill_name).collect(),
    }
}

pub fn check(dir: Option<&Path>, data: Option<&DataDir>) -> anyhow::Result<ExitCode> {
    let dir = dir.map_or_else(lessons::built_in_dir, Path::to_path_buf);
    let (lessons, problems) = load_dir(&dir, data);
    for p in &problems {
        println!("{p}");
    }
    let bad_files = {
        let mut files: Vec<_> = problems.iter().map(|p| &p.file).collect();
        files.dedup();
        files.len()
    };
    eprintln!(
        "{} lessons ok, {} problems in {bad_files} files ({})",
        lessons.len(),
        problems.len(),
        dir.display()
    );
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
