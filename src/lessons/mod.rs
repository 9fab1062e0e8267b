//! The curriculum: lesson files (`lessons/*.toml`, and more in the data
//! directory's `lessons/`), each an explanation, "hear it" demos and drills.
//!
//! Loading never stops at a bad file: every problem is reported as
//! `file:line: message` and the good lessons load.

mod check;

pub use check::{MAX_LESSON_BYTES, Problem, check_file, summary};

use crate::engine::Edit;
use crate::paths::DataDir;
use crate::quiz::{Drill, MaterialSpec};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A "hear it" demo: material and a change to toggle while knowing it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demo {
    pub name: String,
    pub material: MaterialSpec,
    /// What to listen for.
    #[serde(default)]
    pub listen_for: String,
    /// The edits that make the "after" version.
    pub change: Vec<Edit>,
}

/// One lesson.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    /// The skill group on the home screen: "Levels", "EQ", "Dynamics"…
    pub topic: String,
    /// Position in the curriculum (smaller first).
    pub order: u32,
    /// A few paragraphs a beginner understands.
    pub explanation: String,
    pub demos: Vec<Demo>,
    pub drills: Vec<Drill>,
    /// The file it came from.
    pub path: PathBuf,
}

impl Lesson {
    /// The skills its drills train, each once.
    pub fn skills(&self) -> Vec<String> {
        let mut skills: Vec<String> = Vec::new();
        for d in &self.drills {
            let s = d.skill();
            if !skills.contains(&s) {
                skills.push(s);
            }
        }
        skills
    }
}

/// The built-in lessons folder, found from the installation
/// ([`crate::paths::built_in`]).
pub fn built_in_dir() -> PathBuf {
    crate::paths::built_in("lessons")
}

/// Loads every `*.toml` in `dir` (sorted by file name).
pub fn load_dir(dir: &Path, data: Option<&DataDir>) -> (Vec<Lesson>, Vec<Problem>) {
    let mut lessons = Vec::new();
    let mut problems = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Problem::new(dir, 0, format!("cannot read the folder: {e}")));
            return (lessons, problems);
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        match check_file(&file, data) {
            Ok(lesson) => lessons.push(lesson),
            Err(mut p) => problems.append(&mut p),
        }
    }
    (lessons, problems)
}

/// The whole curriculum: built-in lessons and the teacher's, in order, with
/// the problems of the files that did not load. A lesson id used twice keeps
/// the first and reports the second.
pub fn load_all(data: Option<&DataDir>) -> (Vec<Lesson>, Vec<Problem>) {
    let (mut lessons, mut problems) = load_dir(&built_in_dir(), data);
    if let Some(data) = data
        && data.lessons().is_dir()
    {
        let (more, mut p) = load_dir(&data.lessons(), data.into());
        problems.append(&mut p);
        lessons.extend(more);
    }
    let mut kept: Vec<Lesson> = Vec::new();
    for lesson in lessons {
        if let Some(first) = kept.iter().find(|l| l.id == lesson.id) {
            problems.push(Problem::new(
                &lesson.path,
                1,
                format!(
                    "the id '{}' is already used by {}",
                    lesson.id,
                    first.path.display()
                ),
            ));
        } else {
            kept.push(lesson);
        }
    }
    kept.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    (kept, problems)
}

/// Finds a lesson by id.
pub fn find<'a>(lessons: &'a [Lesson], id: &str) -> Option<&'a Lesson> {
    lessons.iter().find(|l| l.id == id)
}
