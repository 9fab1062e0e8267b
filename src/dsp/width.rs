//! Stereo width by mid/side scaling: 0 = mono, 1 = as recorded, 2 = twice the
//! side signal. Mid is kept, so mono compatibility does not change.

use super::block::Block;
use super::ramp::Ramp;

/// A smoothed mid/side width control.
#[derive(Clone, Debug)]
pub struct Width {
    width: Ramp,
}

impl Width {
    /// A width control resting at `width`.
    pub fn new(width: f32) -> Self {
        Self {
            width: Ramp::new(width.clamp(0.0, 2.0), 20.0),
        }
    }

    /// Glides to a new width (clamped to 0 … 2).
    pub fn set(&mut self, width: f32) {
        self.width.set(width.clamp(0.0, 2.0));
    }

    /// The width while it is not gliding.
    pub fn settled(&self) -> Option<f32> {
        (!self.width.is_moving()).then(|| self.width.value())
    }

    /// True when the control is exactly neutral and at rest.
    pub fn is_neutral(&self) -> bool {
        self.width.value() == 1.0 && !self.width.is_moving()
    }

    /// Applies the width to a stereo block (mono blocks pass unchanged).
    pub fn process(&mut self, block: &mut Block) {
        if block.channels() != 2 || self.is_neutral() {
            return;
        }
        let (l, r) = block.stereo_mut();
        for (l, r) in l.iter_mut().zip(r.iter_mut()) {
            let w = self.width.next_value();
            let mid = 0.5 * (*l + *r);
            let side = 0.5 * (*l - *r) * w;
            *l = mid + side;
            *r = mid - side;
        }
    }
}
