//! The mix engine: sessions of stems, mixes in the strip format, hidden
//! changes, automation, and the graph that renders them offline or block by
//! block in real time.

pub mod automation;
pub mod error;
pub mod graph;
mod lanes;
mod layout;
mod loaded;
pub mod mix;
mod mixdown;
pub mod param;
mod plan;
mod processors;
mod render;
pub mod returns;
pub mod session;
pub mod strip;
mod tail;

pub use error::EngineError;
pub use graph::{Graph, MasterLimiter, MixValues};
pub use layout::StemLayout;
pub use loaded::{Loaded, StemInfo};
pub use mix::{LimiterSettings, Mix};
pub use param::{Edit, Op, Param, Target, Value, apply_all};
pub use render::{Excerpt, RenderError, render, render_blocks, render_sources, render_variants};
pub use session::{Manifest, Role, Session, SessionError, Stem, StemEntry};
pub use strip::Strip;
