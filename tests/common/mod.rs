//! Helpers shared by the integration tests: running processors over long
//! signals, spectra, and writing test files.
#![allow(dead_code)]

pub mod hostile;
pub mod session;

use mixtutor::dsp::{Block, MAX_BLOCK};
use realfft::RealFftPlanner;

pub const FS: f64 = 48_000.0;

/// The skill groups of the curriculum, in the order Home shows them.
pub const TOPICS: [&str; 8] = [
    "Levels",
    "EQ",
    "Dynamics",
    "Space",
    "Stereo",
    "Automation",
    "Mix",
    "Referencing",
];

/// The JSON keys of `mixtutor analyze` (the contract in DESIGN.md).
pub const ANALYZE_KEYS: [&str; 12] = [
    "path",
    "duration_s",
    "sample_rate",
    "channels",
    "integrated_lufs",
    "loudness_range_lu",
    "true_peak_dbtp",
    "sample_peak_dbfs",
    "rms_dbfs",
    "crest_db",
    "correlation",
    "octave_bands_db",
];

/// Runs `f` over a mono or stereo signal block by block; returns the output
/// channels (stereo when the processor makes it stereo).
pub fn run_blocks(input: &[Vec<f32>], mut f: impl FnMut(&mut Block)) -> Vec<Vec<f32>> {
    let frames = input[0].len();
    let mut out: Vec<Vec<f32>> = (0..2).map(|_| Vec::with_capacity(frames)).collect();
    let mut block = Block::new(input.len(), MAX_BLOCK);
    let mut channels_out = input.len();
    for start in (0..frames).step_by(MAX_BLOCK) {
        let len = MAX_BLOCK.min(frames - start);
        block.reset(input.len(), len);
        for (ch, x) in input.iter().enumerate() {
            block
                .channel_mut(ch)
                .copy_from_slice(&x[start..start + len]);
        }
        f(&mut block);
        channels_out = block.channels();
        for (ch, o) in out.iter_mut().enumerate().take(channels_out) {
            o.extend_from_slice(block.channel(ch));
        }
    }
    out.truncate(channels_out);
    out
}

/// Magnitude spectrum in dB of a real signal (rectangular window), with the
/// bin width in Hz.
pub fn magnitude_db(x: &[f32]) -> (Vec<f64>, f64) {
    let n = x.len();
    let mut planner = RealFftPlanner::<f64>::new();
    let fft = planner.plan_fft_forward(n);
    let mut input: Vec<f64> = x.iter().map(|&v| v as f64).collect();
    let mut output = fft.make_output_vec();
    fft.process(&mut input, &mut output).expect("fft");
    (
        output
            .iter()
            .map(|c| 20.0 * c.norm().max(1e-300).log10())
            .collect(),
        FS / n as f64,
    )
}

/// Log-spaced frequencies from `lo` to `hi`, `per_octave` points per octave.
pub fn log_freqs(lo: f64, hi: f64, per_octave: usize) -> Vec<f64> {
    let n = ((hi / lo).log2() * per_octave as f64).round() as usize;
    (0..=n)
        .map(|i| lo * 2f64.powf(i as f64 / per_octave as f64))
        .collect()
}

/// RMS in dB of a slice.
pub fn rms_db(x: &[f32]) -> f64 {
    let ms = x.iter().map(|&v| (v as f64).powi(2)).sum::<f64>() / x.len().max(1) as f64;
    10.0 * ms.log10()
}

/// Writes a 16/24-bit integer or 32-bit float WAV for tests.
pub fn write_wav(path: &std::path::Path, channels: &[Vec<f32>], rate: u32, bits: u16) {
    let spec = hound::WavSpec {
        channels: channels.len() as u16,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format: if bits == 32 {
            hound::SampleFormat::Float
        } else {
            hound::SampleFormat::Int
        },
    };
    let mut w = hound::WavWriter::create(path, spec).expect("create wav");
    for i in 0..channels[0].len() {
        for ch in channels {
            match bits {
                32 => w.write_sample(ch[i]).expect("write"),
                24 => w
                    .write_sample((ch[i].clamp(-1.0, 1.0) * 8_388_607.0) as i32)
                    .expect("write"),
                _ => w
                    .write_sample((ch[i].clamp(-1.0, 1.0) * 32_767.0) as i16)
                    .expect("write"),
            }
        }
    }
    w.finalize().expect("finalize");
}
