//! Blind listening: "which one is the reference?" with the order hidden,
//! and ABX trials (is X the mix or the reference?) with the score's exact
//! one-sided binomial p-value, so "louder" or "first" cannot fool anyone.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// The chance of getting at least `correct` of `trials` right by guessing
/// (p = ½ per trial): the exact one-sided binomial tail.
pub fn binomial_p_value(correct: u32, trials: u32) -> f64 {
    if correct == 0 || trials == 0 {
        return 1.0;
    }
    let correct = correct.min(trials);
    // Σ_{k=correct}^{n} C(n, k) / 2^n, with C(n, k) built up in f64 (exact
    // for the trial counts a listener does).
    let n = trials as f64;
    let mut c = 1.0f64; // C(n, 0)
    let mut tail = 0.0f64;
    for k in 0..=trials {
        if k >= correct {
            tail += c;
        }
        c = c * (n - k as f64) / (k as f64 + 1.0);
    }
    (tail / 2f64.powi(trials as i32)).min(1.0)
}

/// A run of ABX trials: each trial X is A or B at random.
#[derive(Debug)]
pub struct Abx {
    rng: StdRng,
    trials: u32,
    x_is_a: bool,
    answers: Vec<bool>,
}

impl Abx {
    /// `trials` trials, X drawn from `seed`.
    pub fn new(trials: u32, seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let x_is_a = rng.random::<bool>();
        Self {
            rng,
            trials: trials.max(1),
            x_is_a,
            answers: Vec::new(),
        }
    }

    /// Whether X is A in the trial on screen.
    pub fn x_is_a(&self) -> bool {
        self.x_is_a
    }

    /// The learner says X is A (`true`) or B; returns whether that was
    /// right and draws the next X.
    pub fn answer(&mut self, says_a: bool) -> Option<bool> {
        if self.done() {
            return None;
        }
        let right = says_a == self.x_is_a;
        self.answers.push(right);
        self.x_is_a = self.rng.random::<bool>();
        Some(right)
    }

    pub fn trials(&self) -> u32 {
        self.trials
    }

    pub fn answered(&self) -> u32 {
        self.answers.len() as u32
    }

    pub fn correct(&self) -> u32 {
        self.answers.iter().filter(|r| **r).count() as u32
    }

    pub fn done(&self) -> bool {
        self.answered() >= self.trials
    }

    /// The chance of this score (or better) by guessing.
    pub fn p_value(&self) -> f64 {
        binomial_p_value(self.correct(), self.answered())
    }
}

/// A blind pair: two slots, 1 and 2, one the mix and one the reference, in
/// an order drawn at random.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blind {
    /// Whether slot 1 holds the reference.
    pub reference_first: bool,
}

impl Blind {
    pub fn draw(seed: u64) -> Self {
        Self {
            reference_first: StdRng::seed_from_u64(seed).random::<bool>(),
        }
    }

    /// The variant (0 = mix, 1 = reference) behind slot `slot` (0 or 1).
    pub fn variant(&self, slot: usize) -> usize {
        usize::from((slot == 0) == self.reference_first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_are_the_exact_binomial_tail() {
        // Σ C(16,k), k=12..16 = 1820+560+120+16+1 = 2517; / 65536.
        assert!((binomial_p_value(12, 16) - 2517.0 / 65536.0).abs() < 1e-15);
        // C(10,9)+C(10,10) = 11; / 1024.
        assert!((binomial_p_value(9, 10) - 11.0 / 1024.0).abs() < 1e-15);
        // Half right is what guessing does: 638/1024.
        assert!((binomial_p_value(5, 10) - 638.0 / 1024.0).abs() < 1e-15);
        assert_eq!(binomial_p_value(0, 10), 1.0);
        assert!((binomial_p_value(20, 20) - 0.5f64.powi(20)).abs() < 1e-20);
    }

    #[test]
    fn an_abx_run_counts_and_stops() {
        let mut abx = Abx::new(4, 9);
        let mut right = 0;
        for _ in 0..4 {
            let truth = abx.x_is_a();
            if abx.answer(truth) == Some(true) {
                right += 1;
            }
        }
        assert_eq!((right, abx.correct(), abx.answered()), (4, 4, 4));
        assert!(abx.done());
        assert_eq!(abx.answer(true), None);
        assert!((abx.p_value() - 1.0 / 16.0).abs() < 1e-15);
    }

    #[test]
    fn a_blind_pair_hides_each_side_in_one_slot() {
        for seed in 0..8 {
            let b = Blind::draw(seed);
            assert_ne!(b.variant(0), b.variant(1));
        }
        let orders: Vec<bool> = (0..32).map(|s| Blind::draw(s).reference_first).collect();
        assert!(orders.contains(&true) && orders.contains(&false));
    }
}
