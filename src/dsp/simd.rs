//! SIMD lanes: eight channels processed side by side, one per lane, with the
//! instruction set chosen at run time.
//!
//! A recursive processor (a biquad, a compressor's envelope) cannot work on
//! several samples of one channel at once, but it can work on eight
//! independent channels at once. The `*Lanes` processors keep their state
//! in `[f32; LANES]` arrays and loop over the lanes inside the loop over
//! samples; LLVM turns each such inner loop into one vector instruction.
//! Their kernels are written once, generic over `FMA` (whether `a·b + c` is
//! fused), and compiled twice by [`multiversion!`]: for baseline x86-64
//! (SSE2) and for AVX2 with fused multiply-add. [`Isa`] picks one at run
//! time, so the binary runs on any x86-64 and uses the wide registers where
//! they exist.
//!
//! Lane maths stays in the shapes LLVM vectorises: compare-and-select
//! instead of NaN-aware `f32::max`, no float-to-int casts, no branches that
//! depend on a lane.

use super::MAX_BLOCK;

/// Channels processed side by side.
pub const LANES: usize = 8;

/// One sample of every lane.
pub type Lane = [f32; LANES];

/// A block in lane layout: `frames.0[t][lane]`. Aligned to 32 bytes so no
/// 8-lane load straddles two cache lines.
#[derive(Clone, Debug)]
#[repr(C, align(32))]
pub struct Frames(pub [Lane; MAX_BLOCK]);

impl Frames {
    /// A silent block, on the heap (8 KiB).
    pub fn boxed() -> Box<Frames> {
        Box::new(Frames([[0.0; LANES]; MAX_BLOCK]))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Baseline,
    #[cfg(target_arch = "x86_64")]
    Avx2Fma,
}

/// The instruction set the lane kernels run with. Only [`Isa::detect`] and
/// [`Isa::available`] hand out the AVX2 set, and only on CPUs that have it,
/// which is what makes running its kernels sound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Isa(Kind);

impl Isa {
    /// The widest set this CPU runs.
    pub fn detect() -> Isa {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            return Isa(Kind::Avx2Fma);
        }
        Isa(Kind::Baseline)
    }

    /// The target's baseline (SSE2 on x86-64), which every CPU runs.
    pub fn baseline() -> Isa {
        Isa(Kind::Baseline)
    }

    /// Every set this CPU runs, baseline first (for tests and benches that
    /// compare them).
    pub fn available() -> Vec<Isa> {
        let mut sets = vec![Isa::baseline()];
        if Isa::detect() != Isa::baseline() {
            sets.push(Isa::detect());
        }
        sets
    }

    /// A short name for reports: "baseline" or "avx2+fma".
    pub fn name(self) -> &'static str {
        match self.0 {
            Kind::Baseline => "baseline",
            #[cfg(target_arch = "x86_64")]
            Kind::Avx2Fma => "avx2+fma",
        }
    }

    /// True for the AVX2 + FMA set (what [`multiversion!`] dispatches on).
    #[inline]
    pub fn is_avx2_fma(self) -> bool {
        #[cfg(target_arch = "x86_64")]
        if self.0 == Kind::Avx2Fma {
            return true;
        }
        false
    }
}

impl Default for Isa {
    fn default() -> Self {
        Isa::detect()
    }
}

/// Whether the baseline build fuses multiply-adds: on aarch64 (and on
/// x86-64 built with `-C target-cpu=native` on an FMA machine) the
/// instruction is always there; elsewhere `mul_add` would be a slow
/// library call.
pub const BASELINE_FMA: bool = cfg!(any(target_arch = "aarch64", target_feature = "fma"));

/// Defines `fn $name(isa: Isa, args…)` that runs the kernel `$generic`
/// (an `#[inline(always)] fn $generic<const FMA: bool>(args…)` in scope)
/// compiled for AVX2 + FMA when `isa` says so, and for the baseline
/// otherwise.
macro_rules! multiversion {
    ($(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? => $generic:ident) => {
        $(#[$attr])*
        $vis fn $name(isa: $crate::dsp::simd::Isa, $($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            if isa.is_avx2_fma() {
                #[target_feature(enable = "avx2,fma")]
                fn fast($($arg: $ty),*) $(-> $ret)? {
                    $generic::<true>($($arg),*)
                }
                // SAFETY: an `Isa` that says AVX2 + FMA only exists on CPUs
                // that have both (see `Isa::detect`).
                return unsafe { fast($($arg),*) };
            }
            let _ = isa;
            $generic::<{ $crate::dsp::simd::BASELINE_FMA }>($($arg),*)
        }
    };
}
pub(crate) use multiversion;

/// `a·b + c`, fused when `FMA`.
#[inline(always)]
pub fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}

/// `a·b + c` in f64, fused when `FMA`.
#[inline(always)]
pub fn madd64<const FMA: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}

/// The larger of two values, as one compare-and-select (NaN is not handled).
#[inline(always)]
pub fn max(a: f32, b: f32) -> f32 {
    if a > b { a } else { b }
}

/// The smaller of two values, as one compare-and-select (NaN is not handled).
#[inline(always)]
pub fn min(a: f32, b: f32) -> f32 {
    if a < b { a } else { b }
}

/// Copies up to eight channels into lane layout: `frames[t][lane] =
/// rows[lane][t]` for `t < len`; lanes without a row become silence.
pub fn to_lanes(rows: &[Option<&[f32]>; LANES], frames: &mut Frames, len: usize) {
    let mut t = 0;
    while t + LANES <= len {
        let mut tile = [[0.0f32; LANES]; LANES];
        for (lane, row) in rows.iter().enumerate() {
            if let Some(row) = row {
                tile[lane].copy_from_slice(&row[t..t + LANES]);
            }
        }
        for (k, frame) in frames.0[t..t + LANES].iter_mut().enumerate() {
            *frame = std::array::from_fn(|lane| tile[lane][k]);
        }
        t += LANES;
    }
    for (k, frame) in frames.0[t..len].iter_mut().enumerate() {
        *frame = std::array::from_fn(|lane| rows[lane].map_or(0.0, |row| row[t + k]));
    }
}

/// Copies lanes back out of lane layout: `rows[lane][t] = frames[t][lane]`
/// for `t < len`, for every lane that has a row.
pub fn from_lanes(frames: &Frames, rows: &mut [Option<&mut [f32]>; LANES], len: usize) {
    let mut t = 0;
    while t + LANES <= len {
        let tile: [[f32; LANES]; LANES] =
            std::array::from_fn(|lane| std::array::from_fn(|k| frames.0[t + k][lane]));
        for (lane, row) in rows.iter_mut().enumerate() {
            if let Some(row) = row {
                row[t..t + LANES].copy_from_slice(&tile[lane]);
            }
        }
        t += LANES;
    }
    for (lane, row) in rows.iter_mut().enumerate() {
        if let Some(row) = row {
            for (k, x) in row[t..len].iter_mut().enumerate() {
                *x = frames.0[t + k][lane];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_round_trip_every_row_and_leave_missing_ones_silent() {
        let len = 203; // not a multiple of the tile
        let rows: Vec<Vec<f32>> = (0..LANES)
            .map(|l| (0..len).map(|t| (l * 1000 + t) as f32).collect())
            .collect();
        let mut input: [Option<&[f32]>; LANES] = std::array::from_fn(|l| Some(&rows[l][..]));
        input[5] = None;
        let mut frames = Frames::boxed();
        to_lanes(&input, &mut frames, len);
        for (t, frame) in frames.0[..len].iter().enumerate() {
            for (l, row) in rows.iter().enumerate() {
                let want = if l == 5 { 0.0 } else { row[t] };
                assert_eq!(frame[l], want, "t {t} lane {l}");
            }
        }
        let mut back = vec![vec![-1.0f32; len]; LANES];
        let mut out: [Option<&mut [f32]>; LANES] = Default::default();
        for (l, (slot, row)) in out.iter_mut().zip(back.iter_mut()).enumerate() {
            if l != 2 {
                *slot = Some(&mut row[..]);
            }
        }
        from_lanes(&frames, &mut out, len);
        for l in 0..LANES {
            for t in 0..len {
                let want = match l {
                    2 => -1.0,
                    5 => 0.0,
                    _ => rows[l][t],
                };
                assert_eq!(back[l][t], want, "t {t} lane {l}");
            }
        }
    }

    #[test]
    fn every_available_set_includes_the_baseline() {
        let sets = Isa::available();
        assert_eq!(sets[0], Isa::baseline());
        assert!(sets.contains(&Isa::detect()));
    }
}
