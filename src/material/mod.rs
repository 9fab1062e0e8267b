//! Material to listen to: the built-in sessions live in `audio-samples/` (see
//! [`crate::engine::Session`]); this module makes the test signals the early
//! lessons and the measurements use, and imports the learner's own stems and
//! reference tracks.

mod import;
mod references;
mod roles;
pub mod signals;

pub use import::{
    ImportError, ImportedStem, SessionImport, SessionReport, file_safe, import_session,
};
pub use references::{Library, Reference, ReferenceReport, import_references};
pub use roles::guess_role;
