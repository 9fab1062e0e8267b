//! Material to listen to: the built-in sessions live in `audio-samples/` (see
//! [`crate::engine::Session`]); this module makes the test signals the early
//! lessons and the measurements use.

pub mod signals;
