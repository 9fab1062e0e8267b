//! [`Simd`] on AVX2 and FMA intrinsics (x86-64-v3: Intel Haswell, AMD
//! Excavator and Zen onward). Every method is `#[inline(always)]`, so it
//! melts into the `#[target_feature(enable = "avx2,fma")]` kernel that
//! [`multiversion!`](super::multiversion) builds around it.

use super::{Lane, Simd};
use std::arch::x86_64::*;

/// The AVX2 + FMA instruction set. Only [`Avx2::new_unchecked`] makes one.
#[derive(Clone, Copy, Debug)]
pub struct Avx2(());

impl Avx2 {
    /// # Safety
    /// The CPU must have AVX2 and FMA, and the caller must be compiled with
    /// both enabled.
    #[inline(always)]
    pub unsafe fn new_unchecked() -> Self {
        Avx2(())
    }
}

// SAFETY (every `unsafe` block below): an `Avx2` only exists where the CPU
// has AVX2 and FMA (see `new_unchecked`); the loads and stores read and
// write within the slices and arrays they are given, whose lengths are
// checked first.
impl Simd for Avx2 {
    type F32 = __m256;
    type F64 = __m256d;

    #[inline(always)]
    fn splat(self, x: f32) -> __m256 {
        unsafe { _mm256_set1_ps(x) }
    }
    #[inline(always)]
    fn load(self, lane: &Lane) -> __m256 {
        unsafe { _mm256_loadu_ps(lane.as_ptr()) }
    }
    #[inline(always)]
    fn store(self, v: __m256, lane: &mut Lane) {
        unsafe { _mm256_storeu_ps(lane.as_mut_ptr(), v) }
    }
    #[inline(always)]
    fn read(self, x: &[f32]) -> __m256 {
        let x: &Lane = x[..8].try_into().expect("eight samples");
        self.load(x)
    }
    #[inline(always)]
    fn write(self, v: __m256, x: &mut [f32]) {
        let x: &mut Lane = (&mut x[..8]).try_into().expect("eight samples");
        self.store(v, x)
    }
    #[inline(always)]
    fn to_array(self, v: __m256) -> Lane {
        let mut a = [0.0; 8];
        self.store(v, &mut a);
        a
    }
    #[inline(always)]
    fn add(self, a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_add_ps(a, b) }
    }
    #[inline(always)]
    fn sub(self, a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_sub_ps(a, b) }
    }
    #[inline(always)]
    fn mul(self, a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_mul_ps(a, b) }
    }
    #[inline(always)]
    fn mul_add(self, a: __m256, b: __m256, c: __m256) -> __m256 {
        unsafe { _mm256_fmadd_ps(a, b, c) }
    }
    #[inline(always)]
    fn min(self, a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_min_ps(a, b) }
    }
    #[inline(always)]
    fn max(self, a: __m256, b: __m256) -> __m256 {
        unsafe { _mm256_max_ps(a, b) }
    }
    #[inline(always)]
    fn abs(self, a: __m256) -> __m256 {
        unsafe { _mm256_andnot_ps(_mm256_set1_ps(-0.0), a) }
    }
    #[inline(always)]
    fn recip(self, a: __m256) -> __m256 {
        // The 12-bit estimate and one Newton step: r·(2 − a·r).
        unsafe {
            let r = _mm256_rcp_ps(a);
            _mm256_mul_ps(r, _mm256_fnmadd_ps(a, r, _mm256_set1_ps(2.0)))
        }
    }
    #[inline(always)]
    fn if_gt(self, a: __m256, b: __m256, then: __m256, other: __m256) -> __m256 {
        unsafe { _mm256_blendv_ps(other, then, _mm256_cmp_ps::<_CMP_GT_OQ>(a, b)) }
    }
    #[inline(always)]
    fn if_ge(self, a: __m256, b: __m256, then: __m256, other: __m256) -> __m256 {
        unsafe { _mm256_blendv_ps(other, then, _mm256_cmp_ps::<_CMP_GE_OQ>(a, b)) }
    }
    #[inline(always)]
    fn swap_pairs(self, a: __m256) -> __m256 {
        unsafe { _mm256_permute_ps::<0b10_11_00_01>(a) }
    }
    #[inline(always)]
    fn shift_up<const N: usize>(self, a: __m256) -> __m256 {
        let n = N as i32;
        unsafe {
            let index = _mm256_setr_epi32(0, 1 - n, 2 - n, 3 - n, 4 - n, 5 - n, 6 - n, 7 - n);
            let moved =
                _mm256_permutevar8x32_ps(a, _mm256_max_epi32(index, _mm256_setzero_si256()));
            let zero = _mm256_setzero_ps();
            match N {
                1 => _mm256_blend_ps::<0b0000_0001>(moved, zero),
                2 => _mm256_blend_ps::<0b0000_0011>(moved, zero),
                4 => _mm256_blend_ps::<0b0000_1111>(moved, zero),
                _ => unreachable!("shift_up by 1, 2 or 4"),
            }
        }
    }
    #[inline(always)]
    fn last(self, a: __m256) -> __m256 {
        unsafe { _mm256_permutevar8x32_ps(a, _mm256_set1_epi32(7)) }
    }
    #[inline(always)]
    fn transpose(self, r: [__m256; 8]) -> [__m256; 8] {
        unsafe {
            // Pairs, then quads within 128-bit halves, then swap the halves.
            let t0 = _mm256_unpacklo_ps(r[0], r[1]);
            let t1 = _mm256_unpackhi_ps(r[0], r[1]);
            let t2 = _mm256_unpacklo_ps(r[2], r[3]);
            let t3 = _mm256_unpackhi_ps(r[2], r[3]);
            let t4 = _mm256_unpacklo_ps(r[4], r[5]);
            let t5 = _mm256_unpackhi_ps(r[4], r[5]);
            let t6 = _mm256_unpacklo_ps(r[6], r[7]);
            let t7 = _mm256_unpackhi_ps(r[6], r[7]);
            let u0 = _mm256_shuffle_ps::<0b01_00_01_00>(t0, t2);
            let u1 = _mm256_shuffle_ps::<0b11_10_11_10>(t0, t2);
            let u2 = _mm256_shuffle_ps::<0b01_00_01_00>(t1, t3);
            let u3 = _mm256_shuffle_ps::<0b11_10_11_10>(t1, t3);
            let u4 = _mm256_shuffle_ps::<0b01_00_01_00>(t4, t6);
            let u5 = _mm256_shuffle_ps::<0b11_10_11_10>(t4, t6);
            let u6 = _mm256_shuffle_ps::<0b01_00_01_00>(t5, t7);
            let u7 = _mm256_shuffle_ps::<0b11_10_11_10>(t5, t7);
            [
                _mm256_permute2f128_ps::<0x20>(u0, u4),
                _mm256_permute2f128_ps::<0x20>(u1, u5),
                _mm256_permute2f128_ps::<0x20>(u2, u6),
                _mm256_permute2f128_ps::<0x20>(u3, u7),
                _mm256_permute2f128_ps::<0x31>(u0, u4),
                _mm256_permute2f128_ps::<0x31>(u1, u5),
                _mm256_permute2f128_ps::<0x31>(u2, u6),
                _mm256_permute2f128_ps::<0x31>(u3, u7),
            ]
        }
    }
    #[inline(always)]
    fn exponent(self, a: __m256) -> __m256 {
        unsafe {
            let bits = _mm256_castps_si256(a);
            let e = _mm256_and_si256(_mm256_srli_epi32::<23>(bits), _mm256_set1_epi32(0xff));
            _mm256_cvtepi32_ps(_mm256_sub_epi32(e, _mm256_set1_epi32(127)))
        }
    }
    #[inline(always)]
    fn mantissa(self, a: __m256) -> __m256 {
        unsafe {
            let bits = _mm256_castps_si256(a);
            let m = _mm256_and_si256(bits, _mm256_set1_epi32(0x007f_ffff));
            _mm256_castsi256_ps(_mm256_or_si256(m, _mm256_set1_epi32(0x3f80_0000)))
        }
    }
    #[inline(always)]
    fn pow2_rounded(self, a: __m256) -> __m256 {
        unsafe {
            let bits = _mm256_add_epi32(_mm256_castps_si256(a), _mm256_set1_epi32(127));
            _mm256_castsi256_ps(_mm256_slli_epi32::<23>(bits))
        }
    }
    #[inline(always)]
    fn splat64(self, x: f64) -> __m256d {
        unsafe { _mm256_set1_pd(x) }
    }
    #[inline(always)]
    fn read64(self, x: &[f64]) -> __m256d {
        let x: &[f64; 4] = x[..4].try_into().expect("four values");
        unsafe { _mm256_loadu_pd(x.as_ptr()) }
    }
    #[inline(always)]
    fn write64(self, v: __m256d, x: &mut [f64]) {
        let x: &mut [f64; 4] = (&mut x[..4]).try_into().expect("four values");
        unsafe { _mm256_storeu_pd(x.as_mut_ptr(), v) }
    }
    #[inline(always)]
    fn mul64(self, a: __m256d, b: __m256d) -> __m256d {
        unsafe { _mm256_mul_pd(a, b) }
    }
    #[inline(always)]
    fn mul_add64(self, a: __m256d, b: __m256d, c: __m256d) -> __m256d {
        unsafe { _mm256_fmadd_pd(a, b, c) }
    }
    #[inline(always)]
    fn low64(self, v: __m256) -> __m256d {
        unsafe { _mm256_cvtps_pd(_mm256_castps256_ps128(v)) }
    }
    #[inline(always)]
    fn high64(self, v: __m256) -> __m256d {
        unsafe { _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(v)) }
    }
    #[inline(always)]
    fn narrow(self, low: __m256d, high: __m256d) -> __m256 {
        unsafe { _mm256_set_m128(_mm256_cvtpd_ps(high), _mm256_cvtpd_ps(low)) }
    }
}
