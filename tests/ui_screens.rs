//! Each screen's main path in the app, headless: the desk (move a fader,
//! solo, save, load, export), learner profiles, progress with stored
//! answers (charts, PNG and CSV export), settings, a lesson's demo, the
//! welcome checks, and a bad settings file.

#[path = "common/app.rs"]
mod app;

use app::Harness;
use iced::keyboard::{Key, key::Named};
use mixtutor::paths::DataDir;
use mixtutor::ui::screen::{desk, settings};
use mixtutor::ui::{Message, Tab};

fn answer_questions(h: &mut Harness, n: usize) {
    h.click("Octave bands on pink noise");
    h.click("Start drill");
    for _ in 0..n {
        h.send(Message::Key(Key::Character("1".into())));
        h.send(Message::Key(Key::Named(Named::Enter)));
        h.expect("Next question");
        h.send(Message::Key(Key::Named(Named::Enter)));
    }
}

#[test]
fn the_desk_moves_a_fader_solos_saves_loads_and_exports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    h.click("Mixing desk");
    assert_eq!(h.app.tab(), Tab::Desk);
    h.expect("Kick");
    h.expect("Master");
    // The kick's fader to −6 dB, as the vertical slider sends it.
    h.send(Message::Desk(desk::Message::Edit(
        Some(0),
        desk::Edit::Gain(-6.0),
    )));
    h.expect("-6.0 dB");
    let kick = h.app.desk_mix().stems.get("kick").map(|s| s.gain_db);
    assert_eq!(kick, Some(-6.0));
    // Solo the kick: the deck plays a mix with every other stem muted,
    // while the desk's own mix keeps them (solo is for listening).
    h.send(Message::Desk(desk::Message::Solo(0)));
    let heard = h
        .app
        .deck()
        .mix(0)
        .expect("the desk's mix is on the deck")
        .clone();
    assert!(!heard.strip("kick").mute);
    assert!(heard.strip("clap").mute && heard.strip("hats").mute);
    assert!(!h.app.desk_mix().strip("clap").mute);
    h.send(Message::Desk(desk::Message::Solo(0)));
    assert!(!h.app.deck().mix(0).expect("mix").strip("clap").mute);
    // An EQ band added on the selected strip (the kick) shows its controls.
    let bands = h.app.desk_mix().strip("kick").eq.len();
    h.click("Add band");
    assert_eq!(h.app.desk_mix().strip("kick").eq.len(), bands + 1);
    // Save, change, load back.
    h.type_into("mix name or path", "night");
    h.click("Save mix");
    let saved = dir.path().join("mixes").join("night.toml");
    let text = std::fs::read_to_string(&saved).expect("the mix file");
    assert!(text.contains("gain_db = -6.0"), "{text}");
    h.click("Back to the reference mix");
    assert_ne!(h.app.desk_mix().strip("kick").gain_db, -6.0);
    h.click("Load mix");
    assert_eq!(h.app.desk_mix().strip("kick").gain_db, -6.0);
    // Export renders the whole session to a WAV file.
    h.click("Export WAV");
    let wav = dir.path().join("mixes").join("night.wav");
    let r = hound::WavReader::open(&wav).expect("a WAV file");
    assert_eq!(r.spec().sample_rate, 48_000);
    assert!(r.duration() > 48_000 * 10, "the whole session");
    assert!(
        h.app
            .banners()
            .iter()
            .any(|b| b.text.starts_with("Exported"))
    );
}

#[test]
fn the_desk_shows_the_shared_returns_and_edits_every_send_into_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    h.click("Mixing desk");
    h.expect("Kick");
    // Low Orbit: the clap and the pad have reverbs of their own; the bells
    // and the vocal share a third; the bells have a delay.
    for label in ["Reverb 1", "Reverb 2", "Reverb 3", "Delay 1"] {
        h.expect(label);
    }
    h.expect("from Bell lead, Vocal oohs");
    let returns = h.app.desk_returns();
    assert_eq!(returns.len(), 4);
    let shared = returns
        .iter()
        .find(|r| r.label() == "Reverb 3")
        .expect("the shared reverb");
    assert_eq!(shared.feeders, ["bells", "vocal"]);
    let id = desk::ReturnId::of(shared);
    h.click("Reverb 3");
    h.expect("Return: Reverb 3");
    h.expect("Sends into it");

    // Its decay is every feeder's decay; it stays one return.
    h.send(Message::Desk(desk::Message::Return(
        id.clone(),
        desk::ReturnEdit::Decay(3.0),
    )));
    let mix = h.app.desk_mix().clone();
    let decay = |s: &str| mix.strip(s).reverb.map(|r| r.decay_s);
    assert_eq!((decay("bells"), decay("vocal")), (Some(3.0), Some(3.0)));
    assert_eq!((decay("clap"), decay("pad")), (Some(1.0), Some(2.5)));
    assert_eq!(h.app.desk_returns().len(), 4);
    h.expect("3.00 s");

    // Its level moves every send by the same dB: both at −12 dB to −4,
    // then the vocal's own send down to −10 and the return to −2: the
    // vocal stays 6 dB under the bells.
    h.send(Message::Desk(desk::Message::Return(
        id.clone(),
        desk::ReturnEdit::Level(-4.0),
    )));
    let send = |h: &Harness, s: &str| h.app.desk_mix().strip(s).reverb.map(|r| r.send_db);
    assert_eq!(
        (send(&h, "vocal"), send(&h, "bells")),
        (Some(-4.0), Some(-4.0))
    );
    h.send(Message::Desk(desk::Message::Return(
        id.clone(),
        desk::ReturnEdit::Send("vocal".into(), -10.0),
    )));
    h.send(Message::Desk(desk::Message::Return(
        id.clone(),
        desk::ReturnEdit::Level(-2.0),
    )));
    assert_eq!(
        (send(&h, "bells"), send(&h, "vocal")),
        (Some(-2.0), Some(-8.0))
    );
    h.expect("-2.0 dB");

    // Muted, the deck hears its sends silent while the desk keeps them, and
    // the mix keeps its shape, so the switch glides.
    h.send(Message::Desk(desk::Message::MuteReturn(id.clone())));
    let heard = h.app.deck().mix(0).expect("the desk's mix").clone();
    let heard_send = |s: &str| heard.strip(s).reverb.map(|r| r.send_db);
    assert_eq!(heard_send("vocal"), Some(-120.0));
    assert_eq!(heard_send("bells"), Some(-120.0));
    assert_eq!(heard_send("pad"), Some(-10.0));
    assert_eq!(send(&h, "vocal"), Some(-8.0));
    let layout: Vec<_> = ["kick", "clap", "hats", "sub", "pad", "bells", "vocal"]
        .iter()
        .map(|n| mixtutor::engine::StemLayout {
            name: n.to_string(),
            channels: 2,
        })
        .collect();
    assert!(mixtutor::engine::Graph::same_shape(
        &layout,
        h.app.desk_mix(),
        &heard,
        140.0
    ));
    h.send(Message::Desk(desk::Message::MuteReturn(id)));
    let heard = h.app.deck().mix(0).expect("the desk's mix");
    assert_eq!(heard.strip("vocal").reverb.map(|r| r.send_db), Some(-8.0));
}

#[test]
fn a_new_profile_is_made_and_switched_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    assert_eq!(h.app.learner(), mixtutor::settings::default_learner());
    h.type_into("new profile name", "Sam");
    h.click("Add");
    assert_eq!(h.app.learner(), "Sam");
    assert_eq!(h.app.settings().learner, "Sam");
    // The next start opens Sam's profile.
    drop(h);
    let h = Harness::open(dir.path());
    assert_eq!(h.app.learner(), "Sam");
}

#[test]
fn progress_shows_the_stored_answers_and_exports_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    answer_questions(&mut h, 3);
    h.click("Progress");
    h.expect(&format!(
        "Progress of {}",
        mixtutor::settings::default_learner()
    ));
    let stats = h.app.stats().expect("statistics").clone();
    assert_eq!(stats.attempts, 3);
    h.expect(&format!(
        "{} answers, {:.0} % right, {:.0} minutes of practice; {} day(s) in a row \
         (longest {}), {} right answers in a row.",
        stats.attempts,
        100.0 * stats.accuracy.unwrap_or(0.0),
        stats.practice_minutes,
        stats.streaks.current_days,
        stats.streaks.longest_days,
        stats.streaks.current_correct
    ));
    assert_eq!(h.app.charts_drawn(), 5, "every chart is drawn");
    let out = dir.path().join("out");
    h.send(Message::Progress(
        mixtutor::ui::screen::progress::Message::Folder(out.display().to_string()),
    ));
    h.click("Charts as PNG");
    for name in [
        "accuracy",
        "thresholds",
        "band-confusion",
        "stem-confusion",
        "minutes",
    ] {
        let bytes = std::fs::read(out.join(format!("{name}.png"))).expect("a chart file");
        assert_eq!(&bytes[1..4], b"PNG", "{name}.png is a PNG");
    }
    h.click("Answers as CSV");
    let csv = std::fs::read_to_string(out.join("answers.csv")).expect("the CSV");
    assert_eq!(csv.lines().count(), 4, "a header and three answers:\n{csv}");
    assert!(csv.lines().skip(1).all(|l| l.contains("eq-octaves-pink")));
}

#[test]
fn settings_change_the_theme_and_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    h.click("Settings");
    h.expect("Level roving");
    h.expect("No sound: started without sound (--no-audio)");
    h.send(Message::Settings(settings::Message::Theme("Light")));
    h.send(Message::Settings(settings::Message::Volume(-20.0)));
    assert_eq!(h.app.deck().volume_db(), -20.0);
    let text = std::fs::read_to_string(dir.path().join("settings.toml")).expect("saved");
    assert!(text.contains("theme = \"light\""), "{text}");
    assert!(text.contains("volume_db = -20.0"), "{text}");
    assert!(text.contains("welcomed = true"), "{text}");
    // A new start keeps them and skips the welcome.
    drop(h);
    let h = Harness::open(dir.path());
    assert!(!h.shows("Welcome to mixtutor"));
    assert_eq!(
        h.app.settings().theme,
        mixtutor::settings::ThemeChoice::Light
    );
}

#[test]
fn the_welcome_checks_keep_the_hearing_range() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.click("Next");
    h.expect("A comfortable level");
    h.click("Play noise");
    assert_eq!(h.app.deck().variants(), 1, "the noise is on the deck");
    h.click("Next");
    h.expect("How low do your headphones go?");
    h.click("40 Hz");
    // Two "I hear it" buttons per row: mark 40 Hz via its message.
    h.send(Message::Welcome(
        mixtutor::ui::screen::welcome::Message::Heard(40.0),
    ));
    h.click("Next");
    h.expect("How high can you hear?");
    h.send(Message::Welcome(
        mixtutor::ui::screen::welcome::Message::Heard(14_000.0),
    ));
    h.click("Finish");
    h.expect("Today's practice");
    let hearing = h.app.settings().hearing.expect("kept");
    assert_eq!((hearing.low_hz, hearing.high_hz), (40.0, 14_000.0));
}

#[test]
fn a_lesson_demo_loads_before_and_after() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    h.click("Octave bands on pink noise");
    h.click("+12 dB at 1 kHz");
    h.expect("With the change");
    assert_eq!(h.app.deck().variants(), 2, "before and after on the deck");
    h.click("With the change");
    assert_eq!(h.app.deck().selected(), 1);
    h.click("Without");
    assert_eq!(h.app.deck().selected(), 0);
}

#[test]
fn a_bad_settings_file_is_named_and_the_app_still_opens() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("settings.toml"), "theme = 42").expect("written");
    let h = Harness::open(dir.path());
    assert!(
        h.app
            .banners()
            .iter()
            .any(|b| b.danger && b.text.contains("settings.toml")),
        "{:?}",
        h.app.banners()
    );
    h.expect("Welcome to mixtutor");
}

#[test]
fn a_match_it_drill_is_restored_on_the_desk_and_answered_from_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::open(dir.path());
    h.skip_welcome();
    h.click("Fix the mix: faders");
    h.click("Start drill");
    let ex = h.app.question().expect("a question").exercise.clone();
    assert!(!ex.controls.is_empty(), "a restoring drill");
    h.click("Restore it on the mixing desk");
    assert_eq!(h.app.tab(), Tab::Desk);
    h.expect("Match it: move the controls until your mix sounds like A, the original.");
    assert_eq!(h.app.deck().variants(), 2, "the desk's mix and A");
    h.click("Hear A (the original)");
    assert_eq!(h.app.deck().selected(), 1);
    h.click("Hear your mix");
    assert_eq!(h.app.deck().selected(), 0);
    // Each fader back where A has it, as the desk's sliders send it.
    for c in &ex.controls {
        assert_eq!(c.parameter, mixtutor::engine::Param::GainDb);
        let stem = ex
            .stage
            .loaded
            .layout
            .iter()
            .position(|s| s.name == c.target.name())
            .expect("the stem is on the desk");
        h.send(Message::Desk(desk::Message::Edit(
            Some(stem),
            desk::Edit::Gain(c.answer as f32),
        )));
    }
    h.click("Answer with this mix");
    assert_eq!(h.app.tab(), Tab::Drill);
    h.expect("Question 1 · 1 right so far");
    h.expect("Next question");
}

/// 21 bad extra lessons used to show 21 banners and push Home off screen;
/// an oversized file is refused by name before it is read.
#[test]
fn bad_extra_lessons_share_one_banner_and_an_oversized_one_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lessons = dir.path().join("lessons");
    std::fs::create_dir_all(&lessons).expect("mkdir");
    for i in 0..20 {
        std::fs::write(lessons.join(format!("bad-{i:02}.toml")), "id = 3").expect("written");
    }
    let huge = format!("# {}\n", "x".repeat(300 * 1024));
    std::fs::write(lessons.join("huge.toml"), huge).expect("written");
    let h = Harness::open(dir.path());
    let about: Vec<_> = h
        .app
        .banners()
        .iter()
        .filter(|b| b.text.contains("lesson"))
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    let text = &about[0].text;
    assert!(text.contains("21 lesson files"), "{text}");
    assert!(text.contains("lessons check"), "{text}");
    let (_, problems) = mixtutor::lessons::load_all(Some(&DataDir::new(dir.path())));
    let huge = problems
        .iter()
        .find(|p| p.file.ends_with("huge.toml"))
        .expect("the big file is named");
    assert!(huge.message.contains("at most 256 KB"), "{huge}");
    h.expect("Welcome to mixtutor");
}
