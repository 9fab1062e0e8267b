//! One module per screen, each with its `State`, `Message`, `update`
//! (returning an `Event` for the app to act on) and `view`.

pub mod desk;
pub mod drill;
pub mod home;
pub mod lesson;
pub mod progress;
pub mod reference;
pub mod settings;
pub mod welcome;
