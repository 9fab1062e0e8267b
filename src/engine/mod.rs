//! The mix engine: sessions of stems, mixes in the strip format, hidden
//! changes, automation, and the graph that renders them offline or block by
//! block in real time.

pub mod automation;
mod bank;
pub mod change;
pub mod graph;
pub mod mix;
mod plan;
mod render;
pub mod returns;
pub mod session;
pub mod strip;

pub use change::{Change, Op};
pub use graph::{Graph, MasterLimiter, MixValues, StemLayout};
pub use mix::{LimiterSettings, Mix};
pub use render::{Excerpt, RenderError, render, render_blocks, render_sources};
pub use session::{Manifest, Role, Session, SessionError, Stem, StemEntry};
pub use strip::Strip;
