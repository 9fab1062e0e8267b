//! Sample-rate conversion with rubato's FFT resampler (synchronous,
//! band-limited), trimmed so the output is time-aligned with the input and has
//! exactly the expected length.

use super::Audio;
use rubato::{FftFixedIn, Resampler};

/// Input chunk per FFT pass, in frames.
const CHUNK: usize = 4096;

/// Converts `audio` to `rate` Hz; audio already at that rate is returned as is.
pub fn resample(audio: Audio, rate: u32) -> Result<Audio, String> {
    if audio.sample_rate == rate || audio.frames() == 0 {
        return Ok(Audio {
            sample_rate: rate,
            ..audio
        });
    }
    let channels = audio.channels.len();
    let mut resampler = FftFixedIn::<f32>::new(
        audio.sample_rate as usize,
        rate as usize,
        CHUNK,
        2,
        channels,
    )
    .map_err(|e| e.to_string())?;
    let expected =
        (audio.frames() as u64 * rate as u64).div_ceil(audio.sample_rate as u64) as usize;
    let delay = resampler.output_delay();
    let mut out: Vec<Vec<f32>> = vec![Vec::with_capacity(expected + delay + CHUNK); channels];
    let mut pos = 0;
    let mut out_buf = resampler.output_buffer_allocate(true);
    let mut chunk: Vec<Vec<f32>> = vec![vec![0.0; resampler.input_frames_max()]; channels];
    while out[0].len() < expected + delay {
        let need = resampler.input_frames_next();
        // Past the end the input is zero-padded to flush the filter.
        for (c, src) in chunk.iter_mut().zip(&audio.channels) {
            c.resize(need, 0.0);
            c.fill(0.0);
            if pos < src.len() {
                let n = need.min(src.len() - pos);
                c[..n].copy_from_slice(&src[pos..pos + n]);
            }
        }
        pos += need;
        let (_, written) = resampler
            .process_into_buffer(&chunk, &mut out_buf, None)
            .map_err(|e| e.to_string())?;
        for (o, b) in out.iter_mut().zip(&out_buf) {
            o.extend_from_slice(&b[..written]);
        }
    }
    for o in &mut out {
        o.drain(..delay);
        o.truncate(expected);
    }
    Ok(Audio {
        channels: out,
        sample_rate: rate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sine_keeps_frequency_amplitude_and_timing() {
        let sr_in = 44_100;
        let n = 44_100;
        let f = 1000.0f32;
        let sine: Vec<f32> = (0..n)
            .map(|i| (2.0 * std::f32::consts::PI * f * i as f32 / sr_in as f32).sin() * 0.5)
            .collect();
        let out = resample(
            Audio {
                channels: vec![sine],
                sample_rate: sr_in,
            },
            48_000,
        )
        .unwrap();
        assert_eq!(out.frames(), 48_000);
        // Compare with the ideal sine at 48 kHz away from the edges.
        let worst = (2000..46_000)
            .map(|i| {
                (out.channels[0][i]
                    - (2.0 * std::f32::consts::PI * f * i as f32 / 48_000.0).sin() * 0.5)
                    .abs()
            })
            .fold(0.0f32, f32::max);
        assert!(worst < 1e-3, "worst deviation {worst}");
    }
}
