//! The progress store: migrations on an empty file and on the previous
//! schema with data, answers surviving a killed process, damaged files moved
//! aside, the statistics queries, review scheduling and weighting.

use assert_cmd::Command;
use mixtutor::lessons::{find, load_all};
use mixtutor::paths::DataDir;
use mixtutor::progress::{Learner, MIGRATOR, NewAttempt, Practice, Reason, Store, StoredAttempt};
use mixtutor::quiz::{Staircase, skill};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

const DAY: i64 = 86_400_000;
/// Noon UTC on 2026-11-20: whole days stay whole in any time zone.
const T0: i64 = 1_795_176_000_000;

fn mixtutor() -> Command {
    Command::cargo_bin("mixtutor").expect("binary is built")
}

fn attempt(session_id: i64, learner_id: i64, at: i64) -> NewAttempt {
    NewAttempt {
        session_id,
        learner_id,
        lesson: "eq-octaves-noise".into(),
        drill: 0,
        kind: "which_band".into(),
        skill: "eq-boost".into(),
        ladder: "eq-boost".into(),
        level: 12.0,
        seed: 1,
        material: "pink-noise".into(),
        change_json: "{}".into(),
        expected: "1 kHz".into(),
        answer: "1 kHz".into(),
        expected_key: Some("1000".into()),
        answer_key: Some("1000".into()),
        correct: true,
        score: 1.0,
        response_ms: 4000,
        answered_at: at,
    }
}

/// The learner called `name` (who must exist) and their attempts.
async fn attempts_of(store: &Store, name: &str) -> (Learner, Vec<StoredAttempt>) {
    let learner = store
        .find_learner(name)
        .await
        .expect("reads")
        .expect("the learner is kept");
    let attempts = store.attempts(learner.id).await.expect("reads");
    (learner, attempts)
}

async fn tables(store: &Store) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .fetch_all(store.pool())
        .await
        .expect("lists tables")
}

#[tokio::test]
async fn migrations_create_every_table_in_an_empty_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested/progress.sqlite");
    let store = Store::open(&path).await.expect("opens");
    assert!(store.notice().is_none());
    let names = tables(&store).await;
    for t in [
        "attempts",
        "learners",
        "practice_sessions",
        "review_schedule",
        "skill_state",
        "threshold_history",
    ] {
        assert!(names.iter().any(|n| n == t), "{t} missing from {names:?}");
    }
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(store.pool())
        .await
        .expect("counts");
    assert_eq!(applied as usize, MIGRATOR.iter().count());
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .expect("reads the journal mode");
    assert_eq!(mode, "wal");
    store.close().await;
    // Opening again applies nothing and keeps working.
    let again = Store::open(&path).await.expect("opens twice");
    assert!(again.learners().await.expect("reads").is_empty());
}

#[tokio::test]
async fn migrating_the_previous_schema_keeps_every_answer_and_rebuilds_the_staircase() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.sqlite");
    let answers = [true, true, true, false, true, true, true, true, true, false];
    {
        // A database as the first schema left it, with a learner's answers.
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .expect("creates");
        MIGRATOR.run_to(1, &pool).await.expect("first migration");
        sqlx::query("INSERT INTO learners (id, name, created_at) VALUES (1, 'ann', ?)")
            .bind(T0)
            .execute(&pool)
            .await
            .expect("learner");
        sqlx::query(
            "INSERT INTO practice_sessions (id, learner_id, started_at, ended_at) VALUES (1, 1, ?, ?)",
        )
        .bind(T0)
        .bind(T0 + 600_000)
        .execute(&pool)
        .await
        .expect("session");
        for (i, ok) in answers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO attempts (session_id, learner_id, lesson, drill, kind, skill, level, seed, \
                 material, change_json, expected, answer, correct, score, response_ms, answered_at) \
                 VALUES (1, 1, 'levels-louder-softer', 0, 'a_or_b', 'level', 6.0, ?, 'rnb-velvet', '{}', \
                 'A', ?, ?, ?, 3000, ?)",
            )
            .bind(i as i64)
            .bind(if *ok { "A" } else { "B" })
            .bind(*ok)
            .bind(if *ok { 1.0 } else { 0.0 })
            .bind(T0 + i as i64 * 60_000)
            .execute(&pool)
            .await
            .expect("attempt");
        }
        pool.close().await;
    }

    let store = Store::open(&path).await.expect("migrates");
    let (ann, kept) = attempts_of(&store, "ann").await;
    assert_eq!(kept.len(), answers.len());
    assert!(kept.iter().all(|a| a.attempt.ladder == "level"));
    assert_eq!(
        kept.iter().map(|a| a.attempt.correct).collect::<Vec<_>>(),
        answers.to_vec()
    );

    let mut replay = Staircase::new(skill("level").expect("skill"));
    for ok in answers {
        replay.record(ok);
    }
    let rebuilt = store
        .staircase(ann.id, "level", "level")
        .await
        .expect("reads");
    assert_eq!(rebuilt, replay);
    assert!(rebuilt.trials == 10 && rebuilt.level < 6.0);

    let schedule = store.schedule(ann.id).await.expect("reads");
    assert_eq!(schedule.len(), 1);
    assert_eq!(schedule[0].skill, "level");
    assert_eq!(schedule[0].due_at, T0 + 9 * 60_000 + DAY);
    assert_eq!(schedule[0].last_material, "rnb-velvet");
}

#[tokio::test]
async fn statistics_follow_the_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("p.sqlite"))
        .await
        .expect("opens");
    let ann = store.learner("ann", T0).await.expect("learner");
    let bob = store.learner("bob", T0).await.expect("learner");
    assert_eq!(store.learner(" ann ", T0).await.expect("same").id, ann.id);

    // Three days in a row, then a gap: 12 answers on day 0 (20 minutes),
    // 4 on day 1, 4 on day 2.
    let mut stair = Staircase::new(skill("eq-boost").expect("skill"));
    let mut record = async |day: i64, n: usize, wrong_every: usize, answer: (&str, &str)| {
        let session = store
            .start_session(ann.id, T0 + day * DAY)
            .await
            .expect("session");
        for i in 0..n {
            let at = T0 + day * DAY + (i as i64 + 1) * 100_000;
            let ok = wrong_every == 0 || i % wrong_every != wrong_every - 1;
            stair.record(ok);
            let mut a = attempt(session, ann.id, at);
            a.level = stair.level;
            a.correct = ok;
            a.score = if ok { 1.0 } else { 0.5 };
            if !ok {
                a.expected_key = Some(answer.0.into());
                a.answer_key = Some(answer.1.into());
            }
            store.record(&a, &stair).await.expect("records");
        }
    };
    record(0, 12, 4, ("4000", "2000")).await;
    record(1, 4, 0, ("", "")).await;
    record(2, 4, 2, ("63", "125")).await;
    let now = T0 + 2 * DAY + DAY / 2;

    let s = store.stats(&ann, now).await.expect("stats");
    assert_eq!(s.attempts, 20);
    assert_eq!(s.correct, 12 - 3 + 4 + 2);
    assert!(
        (s.practice_minutes - (20.0 + 400.0 / 60.0 * 2.0)).abs() < 1e-6,
        "{}",
        s.practice_minutes
    );
    assert_eq!(s.accuracy_by_day.len(), 3);
    assert_eq!(
        s.accuracy_by_day
            .iter()
            .map(|d| d.attempts)
            .collect::<Vec<_>>(),
        [12, 4, 4]
    );
    assert!((s.accuracy_by_day[0].accuracy - 0.75).abs() < 1e-9);
    assert_eq!(s.streaks.current_days, 3);
    assert_eq!(s.streaks.longest_days, 3);
    assert_eq!(s.streaks.current_correct, 0);
    assert_eq!(s.streaks.longest_correct, 5);

    // Band confusion: rows are the band changed, columns the answer.
    let c = &s.band_confusion;
    assert_eq!(c.labels, ["63", "125", "1000", "2000", "4000"]);
    let at = |e: &str, a: &str| {
        let i = c.labels.iter().position(|l| l == e).expect("row");
        let j = c.labels.iter().position(|l| l == a).expect("column");
        c.counts[i][j]
    };
    assert_eq!(at("4000", "2000"), 3);
    assert_eq!(at("63", "125"), 2);
    assert_eq!(at("1000", "1000"), 15);
    assert!(s.stem_confusion.labels.is_empty());

    // The ladder, its threshold and its history.
    let ladder = s
        .ladders
        .iter()
        .find(|l| l.ladder == "eq-boost")
        .expect("ladder");
    assert_eq!(ladder.attempts, 20);
    assert_eq!(ladder.threshold, stair.threshold());
    assert_eq!(ladder.level, stair.level);
    let reversals = stair.reversals.len();
    assert_eq!(ladder.history.len(), reversals.saturating_sub(3));
    if let Some(t) = ladder.threshold {
        assert_eq!(ladder.history.last().map(|h| h.threshold), Some(t));
        assert!(
            ladder
                .sentence
                .as_deref()
                .is_some_and(|x| x.contains("pink noise"))
        );
    }

    // Reviews: one day after the first day, then the interval doubles on
    // each later day the learner keeps up (70 % of the points of the last
    // ten answers), and holds within a day.
    let r = &s.reviews[0];
    assert_eq!(r.skill, "eq-boost");
    let last = T0 + 2 * DAY + 400_000;
    assert_eq!(r.last_practised, last);
    assert_eq!(r.interval_days, 4.0, "1 → 2 → 4 days while kept up");
    assert_eq!(r.due_at, last + 4 * DAY);
    assert!(s.due.is_empty());
    let later = store
        .due_reviews(ann.id, last + 5 * DAY)
        .await
        .expect("due");
    assert_eq!(later.len(), 1);

    // Weak bands weigh more; the other learner sees nothing of this.
    let w = store.weights(ann.id, "which_band").await.expect("weights");
    assert!(w["4000"] > w["1000"] && w["63"] > w["1000"], "{w:?}");
    let empty = store.stats(&bob, now).await.expect("stats");
    assert_eq!((empty.attempts, empty.accuracy), (0, None));
    assert_eq!(empty.streaks.current_days, 0);
}

#[tokio::test]
async fn a_due_review_comes_back_on_other_material() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = DataDir::new(dir.path());
    let store = Store::open(&data.database()).await.expect("opens");
    let (lessons, _) = load_all(None);
    let mut practice = Practice::start(store.clone(), "ann", 5, Some(data.clone()))
        .await
        .expect("starts");
    // A new learner starts at the beginning of the curriculum.
    let first = practice.next(&lessons, None).await.expect("question");
    assert_eq!(first.reason, Reason::Curriculum);
    assert_eq!(first.exercise.lesson, lessons[0].id);

    // One answer in a lesson whose material is "any"; then, two days on,
    // the skill is due and comes back on another session.
    let lesson = find(&lessons, "levels-which-stem").expect("lesson");
    let q = practice
        .next(&lessons, Some(lesson))
        .await
        .expect("question");
    let used = q.exercise.stage.loaded.name.clone();
    practice
        .answer(&q, q.exercise.answer)
        .await
        .expect("answers");
    sqlx::query("UPDATE review_schedule SET due_at = 0")
        .execute(store.pool())
        .await
        .expect("makes it due");
    for _ in 0..6 {
        let review = practice.next(&lessons, None).await.expect("question");
        assert_eq!(review.reason, Reason::Review);
        assert_eq!(review.exercise.skill, "level");
        assert_ne!(review.exercise.stage.loaded.name, used);
    }
}

#[test]
fn answers_survive_a_killed_process() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = assert_cmd::cargo::cargo_bin("mixtutor");
    let mut child = std::process::Command::new(bin)
        .args(["--data-dir"])
        .arg(dir.path())
        .args([
            "practice",
            "levels-louder-softer",
            "--learner",
            "ann",
            "--seed",
            "9",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |prefix: &str| loop {
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("the practice answers in time");
        if line.contains(prefix) {
            return line;
        }
    };
    for _ in 0..3 {
        wait_for("[levels-louder-softer]");
        writeln!(stdin, "1").expect("answers");
        wait_for("saved (answer");
    }
    // The fourth question is on screen: kill without warning.
    wait_for("[levels-louder-softer]");
    child.kill().expect("kills");
    child.wait().expect("reaped");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = Store::open(&DataDir::new(dir.path()).database())
            .await
            .expect("opens after the crash");
        assert!(store.notice().is_none(), "a crash is not damage");
        let (ann, kept) = attempts_of(&store, "ann").await;
        assert_eq!(kept.len(), 3, "every committed answer is there");
        let stair = store
            .staircase(ann.id, "level", "level")
            .await
            .expect("reads");
        assert_eq!(stair.trials, 3);
    });
}

fn damaged_database_is_moved_aside(dir: &Path, bytes: &[u8]) {
    let db = dir.join("progress.sqlite");
    std::fs::write(&db, bytes).expect("writes");
    let out = mixtutor()
        .arg("--data-dir")
        .arg(dir)
        .arg("stats")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("could not be read") && stderr.contains("moved to"),
        "{stderr}"
    );
    let aside: Vec<_> = std::fs::read_dir(dir)
        .expect("lists")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("progress.sqlite.broken-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "one copy kept");
    assert_eq!(
        std::fs::read(aside[0].path()).expect("reads"),
        bytes,
        "kept byte for byte"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("No practice yet"));
    // The new database works.
    mixtutor()
        .arg("--data-dir")
        .arg(dir)
        .args(["stats", "--json"])
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    damaged_database_is_moved_aside(dir.path(), &b"my practice notes, not SQLite\n".repeat(300));
}

#[test]
fn a_database_with_a_damaged_page_is_moved_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("progress.sqlite");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = Store::open(&db).await.expect("opens");
        let ann = store.learner("ann", T0).await.expect("learner");
        let session = store.start_session(ann.id, T0).await.expect("session");
        let stair = Staircase::new(skill("eq-boost").expect("skill"));
        for i in 0..200 {
            store
                .record(&attempt(session, ann.id, T0 + i), &stair)
                .await
                .expect("records");
        }
        store.close().await;
    });
    let mut bytes = std::fs::read(&db).expect("reads");
    assert!(bytes.len() > 8 * 4096, "several pages");
    // Scribble over the second page (the learners table's root).
    for b in &mut bytes[4096 + 8..4096 + 200] {
        *b = 0xA5;
    }
    damaged_database_is_moved_aside(dir.path(), &bytes);
}
