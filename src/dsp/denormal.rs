//! Denormal protection for recursive state.
//!
//! A decaying filter or feedback loop drifts into subnormal floats, which are
//! 10–100× slower on x86. Recursive processors flush their state once per block
//! with [`flush`]; the cost is negligible and the audible effect nil (−400 dB).

/// Returns 0 for values too small to matter, `x` otherwise.
#[inline]
pub fn flush(x: f32) -> f32 {
    if x.abs() < 1e-20 { 0.0 } else { x }
}

/// Flushes every value of a state array.
#[inline]
pub fn flush_all(state: &mut [f32]) {
    for x in state {
        *x = flush(*x);
    }
}
