//! A delay line: a ring buffer written and read a span at a time.
//!
//! Its size is a power of two, so wrapping is a mask, and a span is at most
//! two copies. The reverb's lines and diffusers and the delay's two
//! channels are these.

/// A delay line.
#[derive(Clone, Debug)]
pub struct Line {
    buf: Vec<f32>,
    mask: usize,
    write: usize,
}

impl Line {
    /// A silent line that can delay by up to `max_delay` samples, reading
    /// spans that end no later than the last sample written (allocates).
    pub fn new(max_delay: usize) -> Self {
        let size = (max_delay + 1).next_power_of_two();
        Self {
            buf: vec![0.0; size],
            mask: size - 1,
            write: 0,
        }
    }

    /// `out[t]` = the sample written `delay − t` samples ago: the stretch of
    /// the past that starts `delay` samples back. `delay` must be at least
    /// `out.len()` and at most the line's length.
    pub fn read_span(&self, delay: usize, out: &mut [f32]) {
        debug_assert!(delay >= out.len() && delay <= self.buf.len());
        let start = self.write.wrapping_sub(delay) & self.mask;
        let first = out.len().min(self.buf.len() - start);
        out[..first].copy_from_slice(&self.buf[start..start + first]);
        let rest = out.len() - first;
        out[first..].copy_from_slice(&self.buf[..rest]);
    }

    /// The sample written `delay` samples ago (1 ≤ delay ≤ the line's length).
    #[inline]
    pub fn read(&self, delay: usize) -> f32 {
        self.buf[self.write.wrapping_sub(delay) & self.mask]
    }

    /// Writes `x` as the next samples.
    pub fn push_span(&mut self, x: &[f32]) {
        let start = self.write & self.mask;
        let first = x.len().min(self.buf.len() - start);
        self.buf[start..start + first].copy_from_slice(&x[..first]);
        self.buf[..x.len() - first].copy_from_slice(&x[first..]);
        self.write = self.write.wrapping_add(x.len());
    }

    /// Writes one sample.
    #[inline]
    pub fn push(&mut self, x: f32) {
        self.buf[self.write & self.mask] = x;
        self.write = self.write.wrapping_add(1);
    }

    /// Silence.
    pub fn clear(&mut self) {
        self.buf.fill(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_back_what_was_written_across_the_wrap() {
        let mut line = Line::new(100); // 128 samples
        let mut next = 0.0f32;
        for chunk in [50usize, 70, 33, 100, 8] {
            let x: Vec<f32> = (0..chunk).map(|i| next + i as f32).collect();
            line.push_span(&x);
            next += chunk as f32;
            let mut back = vec![0.0; chunk];
            line.read_span(chunk, &mut back);
            assert_eq!(back, x);
            assert_eq!(line.read(1), next - 1.0);
        }
        let mut old = vec![0.0; 10];
        line.read_span(100, &mut old);
        assert_eq!(old[0], next - 100.0);
        assert_eq!(old[9], next - 91.0);
    }
}
