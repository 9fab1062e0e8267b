//! How a graph sees its stems: by name and channel count, in session order.

/// A stem as the graph sees it: its strip name and channel count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StemLayout {
    pub name: String,
    pub channels: usize,
}
