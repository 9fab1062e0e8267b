//! One file per drill kind. `quiz/generate.rs` dispatches on
//! [`DrillKind`](super::DrillKind) with an exhaustive `match`, so a new kind
//! does not compile until it has a generator here.

pub(super) mod a_or_b;
pub(super) mod how_much;
pub(super) mod placement;
pub(super) mod restore;
pub(super) mod which_band;
pub(super) mod which_stem;
