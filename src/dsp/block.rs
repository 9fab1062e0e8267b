//! The unit of work: up to [`MAX_BLOCK`] frames of one or two channels.

/// The largest number of frames processed at once (5.3 ms at 48 kHz).
pub const MAX_BLOCK: usize = 256;

/// A fixed-size, planar audio block of one (mono) or two (stereo) channels.
///
/// It lives on the stack or inside a processor, so passing it around never
/// allocates.
#[derive(Clone, Debug)]
pub struct Block {
    len: usize,
    channels: usize,
    data: [[f32; MAX_BLOCK]; 2],
}

impl Block {
    /// A silent block of `len` frames and `channels` (1 or 2) channels.
    pub fn new(channels: usize, len: usize) -> Self {
        assert!((1..=2).contains(&channels) && len <= MAX_BLOCK);
        Self {
            len,
            channels,
            data: [[0.0; MAX_BLOCK]; 2],
        }
    }

    /// Frames in use.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the block holds no frames.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Channels in use (1 or 2).
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// Re-shapes the block and clears it.
    pub fn reset(&mut self, channels: usize, len: usize) {
        assert!((1..=2).contains(&channels) && len <= MAX_BLOCK);
        self.channels = channels;
        self.len = len;
        for ch in &mut self.data {
            ch[..len].fill(0.0);
        }
    }

    /// Re-shapes the block without clearing it: for a block about to be
    /// overwritten whole.
    pub fn reshape(&mut self, channels: usize, len: usize) {
        assert!((1..=2).contains(&channels) && len <= MAX_BLOCK);
        self.channels = channels;
        self.len = len;
    }

    /// One channel's samples.
    pub fn channel(&self, ch: usize) -> &[f32] {
        &self.data[ch][..self.len]
    }

    /// One channel's samples, mutable.
    pub fn channel_mut(&mut self, ch: usize) -> &mut [f32] {
        &mut self.data[ch][..self.len]
    }

    /// Both channel slices at once (for a mono block the second is unused
    /// scratch of the same length).
    pub fn stereo_mut(&mut self) -> (&mut [f32], &mut [f32]) {
        let len = self.len;
        let [l, r] = &mut self.data;
        (&mut l[..len], &mut r[..len])
    }

    /// Turns a mono block into stereo by copying the channel (no level change).
    pub fn make_stereo(&mut self) {
        if self.channels == 1 {
            let len = self.len;
            let [l, r] = &mut self.data;
            r[..len].copy_from_slice(&l[..len]);
            self.channels = 2;
        }
    }

    /// Becomes a copy of `other` (its shape and the frames in use; a
    /// derived `clone_from` would copy all [`MAX_BLOCK`] frames of both
    /// channels).
    pub fn copy_from(&mut self, other: &Block) {
        self.len = other.len;
        self.channels = other.channels;
        for ch in 0..other.channels {
            self.data[ch][..other.len].copy_from_slice(&other.data[ch][..other.len]);
        }
    }

    /// Multiplies every sample by `gain`.
    pub fn scale(&mut self, gain: f32) {
        for ch in 0..self.channels {
            for x in self.channel_mut(ch) {
                *x *= gain;
            }
        }
    }

    /// Adds `other × gain` into this block; a mono `other` goes to both channels
    /// of a stereo block.
    pub fn add_scaled(&mut self, other: &Block, gain: f32) {
        let len = self.len.min(other.len);
        for ch in 0..self.channels {
            let src = &other.data[ch.min(other.channels - 1)][..len];
            for (d, s) in self.data[ch][..len].iter_mut().zip(src) {
                *d += s * gain;
            }
        }
    }

    /// Whether every sample is finite (no NaN, no infinity).
    pub fn is_finite(&self) -> bool {
        (0..self.channels()).all(|ch| all_finite(self.channel(ch)))
    }

    /// Largest absolute sample value over all channels.
    pub fn peak(&self) -> f32 {
        (0..self.channels)
            .flat_map(|c| self.channel(c).iter())
            .fold(0.0f32, |m, x| m.max(x.abs()))
    }
}

/// Whether every sample of `x` is finite. `x · 0` is 0 for a finite sample
/// and NaN otherwise, so eight independent sums stay 0 exactly when all are
/// finite: a branch-free pass the compiler vectorises.
pub fn all_finite(x: &[f32]) -> bool {
    let mut acc = [0.0f32; 8];
    let chunks = x.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += v * 0.0;
        }
    }
    for (a, v) in acc.iter_mut().zip(tail) {
        *a += v * 0.0;
    }
    acc.iter().all(|a| *a == 0.0)
}
