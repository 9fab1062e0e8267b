//! The `.ice` end-to-end scripts in `tests/ice/`, run by iced_test's
//! emulator against the real program (its tasks, database and rendering),
//! on a fresh data folder so the first-run welcome shows.

use mixtutor::paths::DataDir;
use mixtutor::ui::{Options, app};

#[test]
fn the_ice_scripts_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let program = app(Options {
        data: Some(DataDir::new(dir.path())),
        audio: false,
    });
    if let Err(e) = iced_test::run(program, concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ice")) {
        panic!("{e}");
    }
}
