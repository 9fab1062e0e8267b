//! Linear parameter ramps, so level and parameter changes never step (no zipper
//! noise, no clicks).

use super::FS;
use super::simd::{LANES, Lane};

/// A value that glides linearly to its target over a fixed time.
#[derive(Clone, Debug)]
pub struct Ramp {
    current: f32,
    target: f32,
    step: f32,
    remaining: u32,
    ramp_samples: u32,
}

impl Ramp {
    /// A ramp resting at `value`, taking `ramp_ms` milliseconds for each change.
    pub fn new(value: f32, ramp_ms: f32) -> Self {
        Self {
            current: value,
            target: value,
            step: 0.0,
            remaining: 0,
            ramp_samples: ((ramp_ms * 0.001 * FS) as u32).max(1),
        }
    }

    /// Starts gliding to `target` over the ramp time.
    pub fn set(&mut self, target: f32) {
        self.set_over(target, self.ramp_samples);
    }

    /// Starts gliding to `target` over exactly `samples` samples (0 jumps).
    pub fn set_over(&mut self, target: f32, samples: u32) {
        if target == self.target && self.remaining == 0 {
            return;
        }
        self.target = target;
        if samples == 0 {
            self.current = target;
            self.remaining = 0;
        } else {
            self.step = (target - self.current) / samples as f32;
            self.remaining = samples;
        }
    }

    /// Jumps to `value` at once.
    pub fn jump(&mut self, value: f32) {
        self.set_over(value, 0);
    }

    /// The next value.
    #[inline]
    pub fn next_value(&mut self) -> f32 {
        if self.remaining > 0 {
            self.remaining -= 1;
            self.current = if self.remaining == 0 {
                self.target
            } else {
                self.current + self.step
            };
        }
        self.current
    }

    /// The value now.
    pub fn value(&self) -> f32 {
        self.current
    }

    /// The value it is heading to.
    pub fn target(&self) -> f32 {
        self.target
    }

    /// True while the value is still moving.
    pub fn is_moving(&self) -> bool {
        self.remaining > 0
    }
}

/// A [`Ramp`] per lane, read a block at a time.
#[derive(Clone, Debug)]
pub struct LaneRamps {
    ramps: [Ramp; LANES],
}

impl LaneRamps {
    /// Every lane resting at `value`, taking `ramp_ms` for each change.
    pub fn new(value: f32, ramp_ms: f32) -> Self {
        Self {
            ramps: std::array::from_fn(|_| Ramp::new(value, ramp_ms)),
        }
    }

    /// One lane's ramp.
    pub fn lane(&mut self, lane: usize) -> &mut Ramp {
        &mut self.ramps[lane]
    }

    /// One lane's value now.
    pub fn value(&self, lane: usize) -> f32 {
        self.ramps[lane].value()
    }

    /// True while any lane is moving.
    pub fn is_moving(&self) -> bool {
        self.ramps.iter().any(Ramp::is_moving)
    }

    /// Writes the next `out.len()` values of every lane.
    pub fn fill(&mut self, out: &mut [Lane]) {
        if !self.is_moving() {
            let now: Lane = std::array::from_fn(|l| self.ramps[l].value());
            out.fill(now);
            return;
        }
        for (l, ramp) in self.ramps.iter_mut().enumerate() {
            for frame in out.iter_mut() {
                frame[l] = ramp.next_value();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaches_target_exactly_after_ramp_time() {
        let mut r = Ramp::new(0.0, 1.0);
        r.set(1.0);
        let n = (0.001 * FS) as usize;
        let values: Vec<f32> = (0..n).map(|_| r.next_value()).collect();
        assert!(values.windows(2).all(|w| w[1] > w[0]));
        assert_eq!(*values.last().unwrap(), 1.0);
        assert_eq!(r.next_value(), 1.0);
    }
}
