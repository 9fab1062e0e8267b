//! SIMD lanes: eight channels processed side by side, one per lane, with the
//! instruction set chosen at run time.
//!
//! A recursive processor (a biquad, a compressor's envelope) cannot work on
//! several samples of one channel at once, but it can work on eight
//! independent channels at once: the `*Lanes` processors keep one channel
//! per lane of a vector. Their kernels are written once against the
//! [`Simd`] trait and compiled twice by [`multiversion!`]: with [`Avx2`]
//! (AVX2 and fused multiply-add intrinsics) and with [`Portable`] (plain
//! arrays, which the compiler maps onto the baseline's SSE2). [`Isa`] picks
//! one at run time, so the binary runs on any x86-64 and uses the wide
//! registers where they exist.

use super::MAX_BLOCK;
use super::block::Block;

mod portable;
pub use portable::Portable;
#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
pub use avx2::Avx2;

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

/// The vector operations the kernels are written in: eight f32 lanes
/// ([`Simd::F32`]) and four f64 lanes ([`Simd::F64`]). Comparisons follow
/// x86 rules (NaN compares false; `min`/`max` return the second operand
/// then), which is all the kernels need.
pub trait Simd: Copy {
    /// Eight f32 lanes.
    type F32: Copy;
    /// Four f64 lanes.
    type F64: Copy;

    /// `x` in every lane.
    fn splat(self, x: f32) -> Self::F32;
    /// The lanes of `lane`.
    fn load(self, lane: &Lane) -> Self::F32;
    /// Writes the lanes into `lane`.
    fn store(self, v: Self::F32, lane: &mut Lane);
    /// Eight consecutive samples, `x[0..8]`.
    fn read(self, x: &[f32]) -> Self::F32;
    /// Writes eight consecutive samples into `x[0..8]`.
    fn write(self, v: Self::F32, x: &mut [f32]);
    /// The lanes as an array.
    fn to_array(self, v: Self::F32) -> Lane;

    fn add(self, a: Self::F32, b: Self::F32) -> Self::F32;
    fn sub(self, a: Self::F32, b: Self::F32) -> Self::F32;
    fn mul(self, a: Self::F32, b: Self::F32) -> Self::F32;
    /// `a·b + c`, fused where the instruction set has it.
    fn mul_add(self, a: Self::F32, b: Self::F32, c: Self::F32) -> Self::F32;
    fn min(self, a: Self::F32, b: Self::F32) -> Self::F32;
    fn max(self, a: Self::F32, b: Self::F32) -> Self::F32;
    fn abs(self, a: Self::F32) -> Self::F32;
    /// 1/a to about 1e-7 relative (an estimate and a Newton step on AVX2).
    fn recip(self, a: Self::F32) -> Self::F32;
    /// Per lane: `then` where `a > b`, else `other`.
    fn if_gt(self, a: Self::F32, b: Self::F32, then: Self::F32, other: Self::F32) -> Self::F32;
    /// Per lane: `then` where `a >= b`, else `other`.
    fn if_ge(self, a: Self::F32, b: Self::F32, then: Self::F32, other: Self::F32) -> Self::F32;
    /// Swaps each pair of neighbouring lanes (0↔1, 2↔3, …).
    fn swap_pairs(self, a: Self::F32) -> Self::F32;
    /// Lane k gets lane k − `N` (`N` = 1, 2 or 4); the lanes below `N` get 0.
    fn shift_up<const N: usize>(self, a: Self::F32) -> Self::F32;
    /// The last lane in every lane.
    fn last(self, a: Self::F32) -> Self::F32;
    /// Eight vectors' lanes transposed: lane j of result i is lane i of `rows[j]`.
    fn transpose(self, rows: [Self::F32; 8]) -> [Self::F32; 8];
    /// The unbiased binary exponent of each (positive, normal) lane as a
    /// float: floor(log2 a).
    fn exponent(self, a: Self::F32) -> Self::F32;
    /// The mantissa of each lane, scaled to [1, 2).
    fn mantissa(self, a: Self::F32) -> Self::F32;
    /// 2ⁿ for lanes holding n + 1.5·2²³ with n a whole number in −126 … 126
    /// (the rounding trick leaves n in the low mantissa bits).
    fn pow2_rounded(self, a: Self::F32) -> Self::F32;

    /// `x` in every f64 lane.
    fn splat64(self, x: f64) -> Self::F64;
    /// Four f64 lanes from `x[0..4]`.
    fn read64(self, x: &[f64]) -> Self::F64;
    /// Writes four f64 lanes into `x[0..4]`.
    fn write64(self, v: Self::F64, x: &mut [f64]);
    fn mul64(self, a: Self::F64, b: Self::F64) -> Self::F64;
    /// `a·b + c` in f64, fused where the instruction set has it.
    fn mul_add64(self, a: Self::F64, b: Self::F64, c: Self::F64) -> Self::F64;
    /// Lanes 0–3 widened to f64.
    fn low64(self, v: Self::F32) -> Self::F64;
    /// Lanes 4–7 widened to f64.
    fn high64(self, v: Self::F32) -> Self::F64;
    /// Two f64 halves narrowed back to eight f32 lanes.
    fn narrow(self, low: Self::F64, high: Self::F64) -> Self::F32;
}

/// Defines `fn $name(isa: Isa, args…)` that runs the kernel `$kernel` (an
/// `#[inline(always)] fn $kernel<S: Simd>(s: S, args…)` in scope) with
/// [`Avx2`] when `isa` says so, compiled for AVX2 and FMA, and with
/// [`Portable`] otherwise.
macro_rules! multiversion {
    ($(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? => $kernel:ident) => {
        $(#[$attr])*
        $vis fn $name(isa: $crate::dsp::simd::Isa, $($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            if isa.is_avx2_fma() {
                #[target_feature(enable = "avx2,fma")]
                fn fast($($arg: $ty),*) $(-> $ret)? {
                    // SAFETY: `fast` only runs where the CPU has AVX2 and FMA.
                    $kernel(unsafe { $crate::dsp::simd::Avx2::new_unchecked() }, $($arg),*)
                }
                // SAFETY: an `Isa` that says AVX2 + FMA only exists on CPUs
                // that have both (see `Isa::detect`).
                return unsafe { fast($($arg),*) };
            }
            let _ = isa;
            $kernel($crate::dsp::simd::Portable, $($arg),*)
        }
    };
}
pub(crate) use multiversion;

multiversion! {
    /// Copies up to eight channels into lane layout: `frames[t][lane] =
    /// rows[lane][t]` for `t < len`; lanes without a row become silence.
    pub fn to_lanes(rows: &[Option<&[f32]>; LANES], frames: &mut Frames, len: usize) => to_lanes_kernel
}

#[inline(always)]
fn to_lanes_kernel<S: Simd>(s: S, rows: &[Option<&[f32]>; LANES], frames: &mut Frames, len: usize) {
    // (Loops rather than closures: a closure the compiler chose not to
    // inline would lose the kernel's instruction set.)
    let zero = s.splat(0.0);
    let mut t = 0;
    while t + LANES <= len {
        let mut tile = [zero; LANES];
        for (v, row) in tile.iter_mut().zip(rows) {
            if let Some(row) = row {
                *v = s.read(&row[t..]);
            }
        }
        for (k, column) in s.transpose(tile).into_iter().enumerate() {
            s.store(column, &mut frames.0[t + k]);
        }
        t += LANES;
    }
    for (k, frame) in frames.0[t..len].iter_mut().enumerate() {
        *frame = std::array::from_fn(|lane| rows[lane].map_or(0.0, |row| row[t + k]));
    }
}

multiversion! {
    /// Copies lanes back out of lane layout: `rows[lane][t] = frames[t][lane]`
    /// for `t < len`, for every lane that has a row.
    pub fn from_lanes(frames: &Frames, rows: &mut [Option<&mut [f32]>; LANES], len: usize) => from_lanes_kernel
}

#[inline(always)]
fn from_lanes_kernel<S: Simd>(
    s: S,
    frames: &Frames,
    rows: &mut [Option<&mut [f32]>; LANES],
    len: usize,
) {
    let mut t = 0;
    while t + LANES <= len {
        let mut tile = [s.splat(0.0); LANES];
        for (v, frame) in tile.iter_mut().zip(&frames.0[t..t + LANES]) {
            *v = s.load(frame);
        }
        for (row, column) in rows.iter_mut().zip(s.transpose(tile)) {
            if let Some(row) = row {
                s.write(column, &mut row[t..]);
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

/// A mono or stereo block's channels as rows of lanes 0 and 1, for a
/// processor that is a stereo pair of lanes: a mono block fills both (so a
/// linked pair detects it once per side, as a stereo pair would).
pub fn pair_rows(block: &Block) -> [Option<&[f32]>; LANES] {
    let mut rows = [None; LANES];
    rows[0] = Some(block.channel(0));
    rows[1] = Some(block.channel(block.channels() - 1));
    rows
}

/// Copies a mono or stereo block into lanes 0 and 1 of `frames`
/// ([`pair_rows`]).
pub fn block_to_pair(isa: Isa, block: &Block, frames: &mut Frames) {
    to_lanes(isa, &pair_rows(block), frames, block.len());
}

/// Copies lanes 0 and 1 of `frames` back into a mono or stereo block (lane
/// 0 alone into a mono one).
pub fn pair_to_block(isa: Isa, frames: &Frames, block: &mut Block) {
    let (len, channels) = (block.len(), block.channels());
    let (l, r) = block.stereo_mut();
    let mut rows: [Option<&mut [f32]>; LANES] = Default::default();
    rows[0] = Some(l);
    if channels == 2 {
        rows[1] = Some(r);
    }
    from_lanes(isa, frames, &mut rows, len);
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
        for isa in Isa::available() {
            let mut frames = Frames::boxed();
            to_lanes(isa, &input, &mut frames, len);
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
            from_lanes(isa, &frames, &mut out, len);
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
    }

    /// Every operation of the trait, lane by lane, as each instruction set
    /// computes it.
    fn operations_kernel<S: Simd>(s: S, a: &Lane, b: &Lane, out: &mut Vec<Lane>) {
        let (va, vb) = (s.load(a), s.load(b));
        let rows: [S::F32; 8] = std::array::from_fn(|i| s.add(va, s.splat(10.0 * i as f32)));
        let positive = s.add(s.abs(va), s.splat(0.5));
        let mut push = |v: S::F32| out.push(s.to_array(v));
        push(s.add(va, vb));
        push(s.sub(va, vb));
        push(s.mul(va, vb));
        push(s.mul_add(va, vb, va));
        push(s.min(va, vb));
        push(s.max(va, vb));
        push(s.abs(va));
        push(s.if_gt(va, vb, s.splat(1.0), s.splat(2.0)));
        push(s.if_ge(va, va, s.splat(1.0), s.splat(2.0)));
        push(s.swap_pairs(va));
        push(s.shift_up::<1>(va));
        push(s.shift_up::<2>(va));
        push(s.shift_up::<4>(va));
        push(s.last(va));
        for row in s.transpose(rows) {
            push(row);
        }
        push(s.exponent(positive));
        push(s.mantissa(positive));
        push(s.pow2_rounded(s.add(s.splat(12_582_912.0), s.splat(-3.0))));
        push(s.narrow(s.low64(vb), s.high64(va)));
        let (lo, hi) = (s.low64(va), s.high64(vb));
        push(s.narrow(s.mul_add64(lo, lo, s.splat64(1.0)), s.mul64(hi, hi)));
        push(s.mul(s.recip(positive), positive));
    }

    multiversion! {
        fn operations(a: &Lane, b: &Lane, out: &mut Vec<Lane>) => operations_kernel
    }

    #[test]
    fn every_instruction_set_computes_every_operation_alike() {
        let a: Lane = [1.5, -2.0, 3.25, -0.5, 7.0, 0.0, -9.5, 4.0];
        let b: Lane = [0.5, -3.0, 3.25, 1.0, -7.0, 2.0, -9.0, 4.5];
        let mut want = Vec::new();
        operations(Isa::baseline(), &a, &b, &mut want);
        // Spot checks of the portable results against plain arithmetic.
        assert_eq!(want[9], [-2.0, 1.5, -0.5, 3.25, 0.0, 7.0, 4.0, -9.5]);
        assert_eq!(want[10], [0.0, 1.5, -2.0, 3.25, -0.5, 7.0, 0.0, -9.5]);
        assert_eq!(want[12], [0.0, 0.0, 0.0, 0.0, 1.5, -2.0, 3.25, -0.5]);
        assert_eq!(want[14][3], a[0] + 30.0);
        assert_eq!(want[24], [0.125; 8], "2^-3");
        for isa in Isa::available() {
            let mut got = Vec::new();
            operations(isa, &a, &b, &mut got);
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                for l in 0..LANES {
                    let tolerance = if i == got.len() - 1 { 1e-6 } else { 0.0 };
                    assert!(
                        (g[l] - w[l]).abs() <= tolerance,
                        "{} op {i} lane {l}: {g:?} vs {w:?}",
                        isa.name()
                    );
                }
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
