//! Material to listen to: the built-in sessions live in `audio-samples/` (see
//! [`crate::engine::Session`]); this module makes the test signals the early
//! lessons and the measurements use, and imports the learner's own stems and
//! reference tracks.

mod import;
mod roles;
pub mod signals;

pub use import::{
    ImportError, ImportReport, ImportedStem, Library, Reference, SessionImport, file_safe,
    import_references, import_session,
};
pub use roles::guess_role;
