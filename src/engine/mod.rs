//! The mix engine: sessions of stems, mixes in the strip format, hidden
//! changes, automation, and the graph that renders them offline or block by
//! block in real time.

pub mod automation;
pub mod change;
pub mod graph;
mod lanes;
pub mod mix;
mod mixdown;
mod plan;
mod render;
pub mod returns;
pub mod session;
pub mod strip;
mod tail;

pub use change::{Change, Op};
pub use graph::{Graph, MasterLimiter, MixValues, StemLayout};
pub use mix::{LimiterSettings, Mix};
pub use render::{Excerpt, RenderError, render, render_blocks, render_sources, render_variants};
pub use session::{Manifest, Role, Session, SessionError, Stem, StemEntry};
pub use strip::Strip;
