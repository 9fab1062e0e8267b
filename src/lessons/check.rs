//! Reading and validating one lesson file, with every problem located as
//! `file:line`: TOML syntax, missing or unknown keys, unknown drill kinds,
//! skills, sessions and stems, and demo changes that do not apply.

use super::{Demo, Lesson};
use crate::engine::{Mix, Session};
use crate::paths::DataDir;
use crate::quiz::{Drill, DrillKind, MaterialSpec, NOISE_STEM, Quality, any_sessions, skill};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A problem in a lesson file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub message: String,
}

/// The largest lesson file read, bytes: the longest built-in lesson is a
/// few KB, and every command reads every lesson.
pub const MAX_LESSON_BYTES: u64 = 256 * 1024;

/// Many problems in one message for one banner: how many files, the first
/// few problems, and where to see them all.
pub fn summary(problems: &[Problem]) -> Option<String> {
    const SHOWN: usize = 4;
    match problems {
        [] => None,
        [one] => Some(format!("A lesson could not be loaded: {one}")),
        _ => {
            let mut files: Vec<&Path> = problems.iter().map(|p| p.file.as_path()).collect();
            files.sort();
            files.dedup();
            let folder = files
                .first()
                .and_then(|f| f.parent())
                .map_or_else(String::new, |d| format!(" {}", d.display()));
            let mut text = format!(
                "{} problems in {} lesson files (`mixtutor lessons check{folder}` lists them all):",
                problems.len(),
                files.len()
            );
            for p in problems.iter().take(SHOWN) {
                text.push_str(&format!("\n• {p}"));
            }
            if problems.len() > SHOWN {
                text.push_str(&format!("\n… and {} more", problems.len() - SHOWN));
            }
            Some(text)
        }
    }
}

impl Problem {
    pub fn new(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file.display(), self.message)
        }
    }
}

/// The file as written, with spans for locating problems.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFile {
    id: Spanned<String>,
    title: String,
    topic: String,
    order: u32,
    explanation: Spanned<String>,
    #[serde(default)]
    demo: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    drill: Vec<Spanned<toml::Table>>,
}

fn line_of(text: &str, span: Range<usize>) -> usize {
    text[..span.start.min(text.len())].matches('\n').count() + 1
}

/// Reads and validates one lesson file.
pub fn check_file(path: &Path, data: Option<&DataDir>) -> Result<Lesson, Vec<Problem>> {
    let size =
        crate::audio::regular_file(path).map_err(|e| vec![Problem::new(path, 0, e.to_string())])?;
    if size > MAX_LESSON_BYTES {
        return Err(vec![Problem::new(
            path,
            0,
            format!(
                "the file is {} KB; a lesson file is at most {} KB (is this a lesson?)",
                size / 1024,
                MAX_LESSON_BYTES / 1024
            ),
        )]);
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![Problem::new(path, 0, format!("cannot read: {e}"))])?;
    let file: LessonFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(&text, s));
        let message = e.message().trim().to_string();
        vec![Problem::new(path, line, message)]
    })?;
    let mut problems = Vec::new();
    let at = |span: Range<usize>| line_of(&text, span);

    let id = file.id.get_ref();
    let id_ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        problems.push(Problem::new(
            path,
            at(file.id.span()),
            format!("id '{id}': use lower-case letters, digits and '-'"),
        ));
    }
    if file.explanation.get_ref().trim().len() < 80 {
        problems.push(Problem::new(
            path,
            at(file.explanation.span()),
            "the explanation is too short to teach anything (write a few sentences)",
        ));
    }
    if file.drill.is_empty() {
        problems.push(Problem::new(
            path,
            1,
            "a lesson needs at least one [[drill]]",
        ));
    }

    let mut demos = Vec::new();
    for table in &file.demo {
        let line = at(table.span());
        match Demo::deserialize(toml::Value::Table(table.get_ref().clone())) {
            Ok(demo) => match check_demo(&demo, data) {
                Ok(()) => demos.push(demo),
                Err(m) => problems.push(Problem::new(
                    path,
                    line,
                    format!("demo '{}': {m}", demo.name),
                )),
            },
            Err(e) => problems.push(Problem::new(
                path,
                line,
                format!("demo: {}", e.message().trim()),
            )),
        }
    }

    let mut drills = Vec::new();
    for table in &file.drill {
        let line = at(table.span());
        match check_drill(table.get_ref(), data) {
            Ok(d) => drills.push(d),
            Err(m) => problems.push(Problem::new(path, line, format!("drill: {m}"))),
        }
    }

    if problems.is_empty() {
        Ok(Lesson {
            id: id.clone(),
            title: file.title,
            topic: file.topic,
            order: file.order,
            explanation: file.explanation.into_inner().trim().to_string(),
            demos,
            drills,
            path: path.to_path_buf(),
        })
    } else {
        Err(problems)
    }
}

fn check_drill(table: &toml::Table, data: Option<&DataDir>) -> Result<Drill, String> {
    let kind = table
        .get("kind")
        .and_then(toml::Value::as_str)
        .ok_or("every drill needs a kind")?;
    let options = DrillKind::options(kind)
        .ok_or_else(|| format!("unknown kind '{kind}' ({})", DrillKind::NAMES.join(", ")))?;
    let known: Vec<&str> = Drill::COMMON_KEYS.iter().chain(options).copied().collect();
    if let Some(extra) = table.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!(
            "'{extra}' is not an option of a {kind} drill ({})",
            known.join(", ")
        ));
    }
    let drill = Drill::deserialize(toml::Value::Table(table.clone()))
        .map_err(|e| e.message().trim().to_string())?;
    let skill_id = drill.skill();
    if skill(&skill_id).is_none() {
        return Err(format!("unknown skill '{skill_id}'"));
    }
    if !(1.0..=30.0).contains(&drill.seconds) {
        return Err(format!(
            "seconds = {} is out of range (1 … 30)",
            drill.seconds
        ));
    }
    material_mix(&drill.material, data)?;
    let one_stem = matches!(
        drill.material,
        MaterialSpec::PinkNoise | MaterialSpec::Solo(..)
    );
    match &drill.kind {
        DrillKind::AOrB {
            quality: Quality::Width,
        } if drill.material == MaterialSpec::PinkNoise => {
            return Err("width needs stereo material; mono pink noise has none".into());
        }
        DrillKind::WhichStem { .. } if one_stem => {
            return Err("a which_stem drill needs a full mix, not one stem".into());
        }
        DrillKind::WhichBand {
            count,
            low_hz,
            high_hz,
            ..
        } => {
            if !(1..=2).contains(count) {
                return Err(format!("count = {count}: one or two bands"));
            }
            if let (Some(lo), Some(hi)) = (low_hz, high_hz)
                && lo >= hi
            {
                return Err(format!("low_hz {lo} must be below high_hz {hi}"));
            }
        }
        _ => {}
    }
    Ok(drill)
}

/// The base mix of the material and its stem names (`None` when the seed
/// picks the session), from the manifest only: no audio is decoded.
fn material_mix(
    spec: &MaterialSpec,
    data: Option<&DataDir>,
) -> Result<(Mix, Option<Vec<String>>), String> {
    let manifest = |name: &str| {
        Session::named(name, data)
            .and_then(|dir| Session::read_manifest(&dir))
            .map_err(|e| e.to_string())
    };
    match spec {
        MaterialSpec::PinkNoise => Ok((Mix::default(), Some(vec![NOISE_STEM.into()]))),
        MaterialSpec::Mix(None) => Ok((Mix::default(), None)),
        MaterialSpec::Mix(Some(name)) => {
            let m = manifest(name)?;
            let names = m.stems.iter().map(|s| s.name.clone()).collect();
            Ok((m.mix, Some(names)))
        }
        MaterialSpec::Solo(session, stem) => {
            let names = match session {
                Some(name) => {
                    let m = manifest(name)?;
                    let found = m
                        .stems
                        .iter()
                        .any(|s| &s.name == stem || s.role.name() == stem);
                    if !found {
                        return Err(format!("{name} has no stem or role '{stem}'"));
                    }
                    Some(m.stems.iter().map(|s| s.name.clone()).collect())
                }
                None => {
                    if stem.parse::<crate::engine::Role>().is_err() {
                        return Err(format!("any/{stem}: '{stem}' is not a role"));
                    }
                    any_sessions(Some(stem))?;
                    None
                }
            };
            Ok((Mix::default(), names))
        }
    }
}

fn check_demo(demo: &Demo, data: Option<&DataDir>) -> Result<(), String> {
    let (mix, names) = material_mix(&demo.material, data)?;
    if demo.change.is_empty() {
        return Err("a demo needs at least one change".into());
    }
    let mut after = mix;
    for change in &demo.change {
        let known = match &change.target {
            crate::engine::Target::Master => true,
            t => names
                .as_ref()
                .is_none_or(|n| n.iter().any(|s| s == t.name())),
        };
        if !known {
            return Err(format!(
                "no stem '{}' in {}",
                change.target,
                String::from(demo.material.clone())
            ));
        }
        after = change.apply(&after)?;
    }
    Ok(())
}
