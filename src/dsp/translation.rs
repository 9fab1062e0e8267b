//! Simulated playback systems for the translation check: a mix heard on a
//! phone speaker, a laptop, earbuds, in a car, on a club's mono system, in
//! plain mono or as its side signal only. Each is a documented curve of
//! RBJ-cookbook sections (`biquad.rs`) and a stereo fold; none claims to be
//! a measured device, they exaggerate what such systems do to a mix.

use super::biquad::{Biquad, Coeffs, Shape};
use super::block::Block;
use std::f32::consts::FRAC_1_SQRT_2 as BUTTERWORTH_Q;

/// A playback system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum System {
    /// As mixed.
    #[default]
    Flat,
    /// High-pass 24 dB/oct at 300 Hz, +4 dB bell at 2 kHz (Q 1), low-pass
    /// 12 dB/oct at 8 kHz, mono.
    Phone,
    /// High-pass 24 dB/oct at 150 Hz, +3 dB bell at 3 kHz (Q 1), low-pass
    /// 12 dB/oct at 16 kHz, half the side signal.
    Laptop,
    /// High-pass 12 dB/oct at 40 Hz, +4 dB low shelf at 100 Hz, +5 dB bell
    /// at 3 kHz (Q 2, the ear canal), low-pass 12 dB/oct at 14 kHz.
    Earbuds,
    /// +6 dB low shelf at 80 Hz, −4 dB bell at 250 Hz (Q 1, a cabin mode),
    /// −3 dB high shelf at 8 kHz, 70 % of the side signal.
    Car,
    /// High-pass 12 dB/oct at 30 Hz, +4 dB low shelf at 60 Hz, −4 dB high
    /// shelf at 10 kHz, mono.
    ClubMono,
    /// (L + R) / 2 on both sides.
    Mono,
    /// (L − R) / 2 on both sides: what mono loses.
    SideOnly,
}

impl System {
    pub const ALL: [System; 8] = [
        System::Flat,
        System::Phone,
        System::Laptop,
        System::Earbuds,
        System::Car,
        System::ClubMono,
        System::Mono,
        System::SideOnly,
    ];

    /// The filter sections, in order: (shape, Hz, dB, Q).
    fn sections(self) -> &'static [(Shape, f32, f32, f32)] {
        use Shape::*;
        match self {
            System::Flat | System::Mono | System::SideOnly => &[],
            System::Phone => &[
                (HighPass, 300.0, 0.0, BUTTERWORTH_Q),
                (HighPass, 300.0, 0.0, BUTTERWORTH_Q),
                (Peak, 2_000.0, 4.0, 1.0),
                (LowPass, 8_000.0, 0.0, BUTTERWORTH_Q),
            ],
            System::Laptop => &[
                (HighPass, 150.0, 0.0, BUTTERWORTH_Q),
                (HighPass, 150.0, 0.0, BUTTERWORTH_Q),
                (Peak, 3_000.0, 3.0, 1.0),
                (LowPass, 16_000.0, 0.0, BUTTERWORTH_Q),
            ],
            System::Earbuds => &[
                (HighPass, 40.0, 0.0, BUTTERWORTH_Q),
                (LowShelf, 100.0, 4.0, BUTTERWORTH_Q),
                (Peak, 3_000.0, 5.0, 2.0),
                (LowPass, 14_000.0, 0.0, BUTTERWORTH_Q),
            ],
            System::Car => &[
                (LowShelf, 80.0, 6.0, BUTTERWORTH_Q),
                (Peak, 250.0, -4.0, 1.0),
                (HighShelf, 8_000.0, -3.0, BUTTERWORTH_Q),
            ],
            System::ClubMono => &[
                (HighPass, 30.0, 0.0, BUTTERWORTH_Q),
                (LowShelf, 60.0, 4.0, BUTTERWORTH_Q),
                (HighShelf, 10_000.0, -4.0, BUTTERWORTH_Q),
            ],
        }
    }

    /// How much of (mid, side) reaches each ear.
    fn fold(self) -> (f32, f32) {
        match self {
            System::Phone | System::ClubMono | System::Mono => (1.0, 0.0),
            System::SideOnly => (0.0, 1.0),
            System::Laptop => (1.0, 0.5),
            System::Car => (1.0, 0.7),
            System::Flat | System::Earbuds => (1.0, 1.0),
        }
    }

    /// The system's name as the learner sees it.
    pub fn name(self) -> &'static str {
        match self {
            System::Flat => "as mixed",
            System::Phone => "phone speaker",
            System::Laptop => "laptop",
            System::Earbuds => "earbuds",
            System::Car => "car",
            System::ClubMono => "club (mono)",
            System::Mono => "mono",
            System::SideOnly => "side only",
        }
    }

    /// The curve's magnitude at `freq_hz`, dB (the fold aside).
    pub fn response_db(self, freq_hz: f64) -> f64 {
        self.sections()
            .iter()
            .map(|&(shape, f, g, q)| Coeffs::design(shape, f, g, q).magnitude_db(freq_hz))
            .sum()
    }
}

impl std::fmt::Display for System {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A system's curve and fold, running on stereo blocks.
pub struct Translation {
    system: System,
    filters: Vec<Biquad>,
}

impl Translation {
    pub fn new(system: System) -> Self {
        Self {
            system,
            filters: system
                .sections()
                .iter()
                .map(|&(shape, f, g, q)| Biquad::new(Coeffs::design(shape, f, g, q)))
                .collect(),
        }
    }

    /// Processes a stereo block in place (a mono block is made stereo).
    pub fn process(&mut self, block: &mut Block) {
        block.make_stereo();
        let (mid_gain, side_gain) = self.system.fold();
        let (l, r) = block.stereo_mut();
        if (mid_gain, side_gain) != (1.0, 1.0) {
            for (a, b) in l.iter_mut().zip(r.iter_mut()) {
                let mid = 0.5 * (*a + *b) * mid_gain;
                let side = 0.5 * (*a - *b) * side_gain;
                (*a, *b) = (mid + side, mid - side);
            }
        }
        for f in &mut self.filters {
            f.process_stereo(l, r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_and_side_split_a_stereo_signal() {
        let mut mono = Block::new(2, 4);
        mono.channel_mut(0).copy_from_slice(&[1.0, 0.5, 0.0, -1.0]);
        mono.channel_mut(1).copy_from_slice(&[1.0, -0.5, 0.5, 1.0]);
        let mut side = mono.clone();
        Translation::new(System::Mono).process(&mut mono);
        Translation::new(System::SideOnly).process(&mut side);
        assert_eq!(mono.channel(0), &[1.0, 0.0, 0.25, 0.0]);
        assert_eq!(mono.channel(1), mono.channel(0));
        assert_eq!(side.channel(0), &[0.0, 0.5, -0.25, -1.0]);
        assert_eq!(side.channel(1), &[0.0, -0.5, 0.25, 1.0]);
    }

    #[test]
    fn the_phone_has_no_bass_and_the_car_has_plenty() {
        assert!(System::Phone.response_db(60.0) < -30.0);
        assert!((System::Phone.response_db(2_000.0) - 4.0).abs() < 1.0);
        assert!(System::Car.response_db(40.0) > 5.0);
        assert!(System::Flat.response_db(1_000.0).abs() < 1e-9);
    }
}
