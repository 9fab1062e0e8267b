//! Containing a third-party decoder's panic: on this thread, a panic inside
//! [`catch`] becomes an error value and prints nothing; everywhere else
//! panics behave as before.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs `f`; a panic inside it is returned as `Err` with its message
/// instead of unwinding further or printing a backtrace.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = CATCHING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_an_error_and_outside_stays_a_panic() {
        assert_eq!(catch(|| 7), Ok(7));
        let err = catch(|| -> i32 { panic!("bad header") });
        assert_eq!(err, Err("bad header".to_string()));
        let outside = panic::catch_unwind(|| panic!("still a panic"));
        assert!(outside.is_err());
    }
}
