//! The reference screen, headless: add a song to the library, compare the
//! desk's mix and a file with it (matched), switch sides, hear it through a
//! simulated system, compare blind and by ABX.

#[path = "common/app.rs"]
mod app;
mod common;

use app::Harness;
use common::write_wav;
use mixtutor::dsp::translation::System;
use mixtutor::material::signals::{pink_noise, white_noise};
use mixtutor::ui::Message;
use mixtutor::ui::screen::reference;

fn song(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("Bright Song.wav");
    let n = 48_000 * 6;
    write_wav(
        &path,
        &[white_noise(n, 1, -14.0), white_noise(n, 2, -14.0)],
        48_000,
        16,
    );
    path
}

fn add_reference(h: &mut Harness, song: &std::path::Path) {
    h.click("Reference");
    h.expect("Reference A/B");
    h.type_into("a song to add (file path)", &song.display().to_string());
    h.click("Add to library");
    assert!(
        h.app
            .banners()
            .iter()
            .any(|b| b.text == "Added “Bright Song” to your references."),
        "{:?}",
        h.app.banners()
    );
    h.expect("Compare");
}

#[test]
fn a_song_is_added_and_the_desks_mix_is_compared_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let song = song(dir.path());
    let mut h = Harness::open(&dir.path().join("data"));
    h.skip_welcome();
    // The desk's mix needs a session on the desk.
    h.click("Mixing desk");
    h.expect("Kick");
    add_reference(&mut h, &song);
    // The genre target: the built-in mixes and the library span a range
    // in every band, wider than a single track's balance.
    let targets = h.app.targets().to_vec();
    assert!(targets.len() >= 25, "{} bands", targets.len());
    assert!(targets.iter().all(|(_, lo, hi)| lo <= hi));
    assert!(targets.iter().any(|(_, lo, hi)| hi - lo > 3.0));
    h.click("Compare");
    let c = h.app.comparison().expect("compared").clone();
    assert!(
        c.reference_gain_db < 0.0,
        "the loud reference is turned down"
    );
    assert!(c.differences.integrated_lu > 0.0);
    h.expect(&format!(
        "Reference matched by {:+.2} dB (it was {:.1} LU louder than your mix).",
        c.reference_gain_db, c.differences.integrated_lu
    ));
    assert_eq!(h.app.deck().variants(), 2, "mix and reference on the deck");
    // White noise has far more air than a mix: the prompt says so.
    assert!(c.prompts.iter().any(|p| p.text.contains("air")));
    h.click("The reference");
    assert_eq!(h.app.deck().selected(), 1);
    h.click("Your mix");
    assert_eq!(h.app.deck().selected(), 0);
    // Through the phone speaker: still two sides, still the mix heard.
    h.send(Message::Reference(reference::Message::System(
        System::Phone,
    )));
    assert_eq!(h.app.deck().variants(), 2);
    assert_eq!(h.app.deck().selected(), 0);
    // The loop moves on the deck as the slider does.
    h.send(Message::Reference(reference::Message::LoopStart(1.0)));
    h.send(Message::Reference(reference::Message::LoopEnd(3.0)));
    assert_eq!(h.app.deck().loop_region(), Some((48_000, 144_000)));
    // A prompt's lesson opens.
    let first = c.prompts[0].lesson.expect("a lesson");
    h.send(Message::Reference(reference::Message::OpenLesson(first)));
    assert_eq!(h.app.tab(), mixtutor::ui::Tab::Lesson);
}

#[test]
fn blind_and_abx_hide_which_is_which() {
    let dir = tempfile::tempdir().expect("temp dir");
    let song = song(dir.path());
    let mix = dir.path().join("mix.wav");
    let n = 48_000 * 6;
    write_wav(
        &mix,
        &[pink_noise(n, 3, -22.0), pink_noise(n, 4, -22.0)],
        48_000,
        16,
    );
    let mut h = Harness::open(&dir.path().join("data"));
    h.skip_welcome();
    add_reference(&mut h, &song);
    h.click("A file");
    h.type_into(
        "mix file (WAV, FLAC, MP3, OGG, AIFF)",
        &mix.display().to_string(),
    );
    h.click("Compare");
    assert!(h.app.comparison().is_some());
    // Blind: the sides are "1" and "2"; naming the reference is scored.
    h.click("Blind");
    h.expect("Which one is the reference?");
    assert!(!h.shows("Your mix"), "the names are hidden");
    h.click("1 is the reference");
    let right = h.shows("Right: you can tell your mix from the reference blind.");
    let wrong = h.shows(
        "Not this time: the two are close enough to fool you. Press Blind twice for a new draw.",
    );
    assert!(right ^ wrong, "one verdict");
    // ABX: X is a third side; ten answers give a score and a p-value.
    h.click("ABX");
    assert_eq!(h.app.deck().variants(), 3, "A, B and X");
    h.expect(
        "Trial 1 of 10: 0 right so far. The chance of doing this well by guessing: p = 1.000.",
    );
    for _ in 0..10 {
        h.click("X is A (the mix)");
    }
    assert!(
        h.shows("You hear a real difference (p < 0.05).")
            || h.shows("Not enough to be sure you hear a difference.")
    );
    assert!(!h.shows("X is A (the mix)"), "the run is over");
}

/// Every file of the hostile corpus (crafted headers, NaN, truncation, a
/// FIFO, a folder, a symlink loop) added on the reference screen: refused
/// by name in a banner within 2 s, or (the NaN file) read as what it holds.
#[test]
#[cfg(unix)]
fn every_hostile_file_is_refused_by_name_on_the_reference_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = common::hostile::corpus(dir.path());
    let mut h = Harness::open(&dir.path().join("data"));
    h.skip_welcome();
    h.click("Reference");
    let mut problems = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .expect("named")
            .to_string_lossy()
            .into_owned();
        let started = std::time::Instant::now();
        // Typed over whatever the field holds from the file before.
        h.send(Message::Reference(reference::Message::AddPath(
            file.display().to_string(),
        )));
        h.click("Add to library");
        let seconds = started.elapsed().as_secs_f64();
        let said: Vec<_> = h.app.banners().last().into_iter().cloned().collect();
        let refused = said.iter().any(|b| b.danger && b.text.contains(&name));
        let read = name == "nan-inf.wav" && said.iter().any(|b| b.text.starts_with("Added"));
        if !(refused || read) || seconds > 2.0 {
            problems.push(format!("{name}: after {seconds:.2} s: {said:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn references_filed_under_a_genre_make_that_genre_the_target() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = song(dir.path());
    let second = dir.path().join("Second Song.wav");
    std::fs::copy(&first, &second).expect("copied");
    let mut h = Harness::open(&dir.path().join("data"));
    h.skip_welcome();
    h.click("Reference");
    assert_eq!(
        h.app.targets_label(),
        "the built-in genre mixes and your references"
    );
    for path in [&first, &second] {
        h.send(Message::Reference(reference::Message::AddGenre(
            "rock".into(),
        )));
        h.type_into("a song to add (file path)", &path.display().to_string());
        h.click("Add to library");
    }
    let library = std::fs::read_to_string(dir.path().join("data/references/library.toml"))
        .expect("the library");
    assert_eq!(library.matches("genre = \"rock\"").count(), 2, "{library}");
    // Back on the screen, the target is measured on the rock tracks only.
    h.click("Home");
    h.click("Reference");
    assert_eq!(h.app.targets_label(), "the rock mixes and references");
}
