//! The first-drill journey in the app, headless: welcome, a lesson, a
//! drill answered by key and by click, feedback with C and the difference
//! picture, the next question, and the answers kept in the database.

#[path = "common/app.rs"]
mod app;
mod common;

use app::Harness;
use iced::keyboard::{Key, key::Named};
use mixtutor::ui::{Message, Tab};

fn key(c: &str) -> Message {
    Message::Key(Key::Character(c.into()))
}

fn enter() -> Message {
    Message::Key(Key::Named(Named::Enter))
}

#[test]
fn a_first_drill_from_home_answered_by_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    // Home: the curriculum as a path grouped by skill.
    for group in common::TOPICS {
        h.expect(group);
    }
    h.expect("Rides on one part: when did it move?");
    h.expect("Octave bands on pink noise");
    h.click("Octave bands on pink noise");
    h.expect("Hear it");
    h.click("Start drill");
    assert_eq!(h.app.tab(), Tab::Drill);
    h.expect("One octave band got a boost in B. Which?");
    h.expect("A  original");
    h.expect("B  changed");
    assert!(!h.shows("C  your answer"), "no C before answering");
    // Without a sound card the drill says so and still works.
    assert!(h.shows("No audio device"));

    let q = h.app.question().expect("a question").exercise.clone();
    let wrong = (q.answer + 1) % q.choices.len();
    h.send(key(&(wrong + 1).to_string()));
    h.send(enter());
    h.expect(&format!(
        "Not quite — the answer was {} ({:.0} % for yours).",
        q.answer_label(),
        100.0 * mixtutor::quiz::score(&q, wrong).points
    ));
    h.expect("C  your answer");
    h.expect("Press C to hear your answer, then A and B again knowing what changed.");
    // The picture is B − A per ⅓-octave band: it peaks at the boosted band.
    let Some(mixtutor::ui::Picture::Spectrum(points)) = h.app.picture() else {
        panic!("an EQ drill shows the spectrum difference");
    };
    let peak = points.iter().copied().fold(
        (0.0, f64::NEG_INFINITY),
        |m, p| if p.1 > m.1 { p } else { m },
    );
    let boosted = q.change.freq_hz.expect("the band boosted");
    assert!(
        (peak.0 / boosted).log2().abs() < 0.34,
        "peak at {} Hz, boost at {boosted} Hz",
        peak.0
    );
    // Enter goes on to the next question.
    h.send(enter());
    h.expect("Question 2 · 0 right so far");
    assert_ne!(
        h.app.question().map(|q| q.exercise.seed),
        Some(q.seed),
        "a new question"
    );
}

#[test]
fn answering_by_click_scores_and_keeps_the_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    h.click("Octave bands on pink noise");
    h.click("Start drill");
    let q = h.app.question().expect("a question").exercise.clone();
    let right = format!("{}  {}", q.answer + 1, q.choices[q.answer].label);
    h.click(&right);
    h.click("Check answer");
    h.expect(&format!("Right: {}.", q.answer_label()));
    h.expect("Question 1 · 1 right so far");
    h.click("Next question");
    h.expect("Question 2 · 1 right so far");

    // The answer is in the database before the next question showed.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let count: i64 = rt.block_on(async {
        let store = mixtutor::progress::Store::open(&dir.path().join("progress.sqlite"))
            .await
            .expect("store");
        sqlx::query_scalar("SELECT COUNT(*) FROM attempts WHERE correct = 1")
            .fetch_one(store.pool())
            .await
            .expect("count")
    });
    assert_eq!(count, 1);
    // Home now shows the lesson in progress.
    h.click("Home");
    h.expect("1 answers, 100 % lately");
}

#[test]
fn the_keys_switch_loop_and_choose() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    h.click("Octave bands on pink noise");
    h.click("Start drill");
    // B, then Tab back to A; C is not there before answering.
    h.send(key("b"));
    assert_eq!(h.app.deck().selected(), 1);
    h.send(Message::Key(Key::Named(Named::Tab)));
    assert_eq!(h.app.deck().selected(), 0);
    h.send(key("c"));
    assert_eq!(h.app.deck().selected(), 0);
    // L turns the loop off and on.
    assert!(h.app.deck().loop_region().is_some());
    h.send(key("l"));
    assert!(h.app.deck().loop_region().is_none());
    h.send(key("l"));
    assert!(h.app.deck().loop_region().is_some());
    // Enter does nothing until a choice is made.
    h.send(enter());
    assert!(!h.shows("Next question"));
    h.send(key("1"));
    h.send(enter());
    h.expect("Next question");
    h.send(key("c"));
    assert_eq!(h.app.deck().selected(), 2, "C is there after answering");
}

#[test]
fn the_changed_stem_can_be_soloed_and_put_back_in_the_mix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    h.click("Which stem was EQ'd?");
    h.click("Start drill");
    let ex = h.app.question().expect("a question").exercise.clone();
    let stem = mixtutor::quiz::solo_stem(&ex).expect("a stem to solo");
    let name = ex
        .stage
        .loaded
        .stems
        .iter()
        .find(|s| s.name == stem)
        .map(|s| s.display.clone())
        .expect("its name");
    h.click(&format!("Solo: {name}"));
    assert!(h.app.soloed());
    assert_eq!(h.app.deck().variants(), 2, "A and B of the stem alone");
    h.send(key("b"));
    assert_eq!(h.app.deck().selected(), 1);
    h.send(key("s"));
    assert!(!h.app.soloed(), "back in the mix");
    assert_eq!(h.app.deck().selected(), 1, "still hearing B");
}
