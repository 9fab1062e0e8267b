//! The hostile-file corpus, built at test time: crafted WAV headers (sample
//! rates of 0, 1 Hz and 10 MHz, 0 and 255 channels, a frame count of
//! billions), NaN and infinite floats, truncation, a header alone and text;
//! on unix also a FIFO, a folder and a symlink loop. `tests/hostile.rs` runs
//! every command over it; `tests/decode_fuzz.rs` damages it further.

use std::path::{Path, PathBuf};

/// A WAV file: `format` 1 (PCM) or 3 (float), with `data` as its samples and
/// the data chunk claiming `claimed` bytes (its real length if `None`).
pub fn wav(
    rate: u32,
    channels: u16,
    bits: u16,
    format: u16,
    data: &[u8],
    claimed: Option<u32>,
) -> Vec<u8> {
    let block_align = channels.saturating_mul(bits / 8);
    let byte_rate = rate.saturating_mul(block_align as u32);
    let data_len = claimed.unwrap_or(data.len() as u32);
    let mut out = Vec::new();
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36u32.saturating_add(data_len)).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&format.to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&byte_rate.to_le_bytes());
    out.extend_from_slice(&block_align.to_le_bytes());
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    out.extend_from_slice(data);
    out
}

pub fn pcm16(frames: usize, channels: usize) -> Vec<u8> {
    (0..frames * channels)
        .flat_map(|i| (((i as f32 * 0.05).sin() * 8000.0) as i16).to_le_bytes())
        .collect()
}

/// The crafted files that are bytes: (file name, contents).
pub fn crafted() -> Vec<(&'static str, Vec<u8>)> {
    let mut files = Vec::new();
    let mut put = |name: &'static str, bytes: Vec<u8>| files.push((name, bytes));
    put("rate-0.wav", wav(0, 2, 16, 1, &pcm16(4800, 2), None));
    put("rate-1.wav", wav(1, 2, 16, 1, &pcm16(144_000, 2), None));
    put("rate-1-tiny.wav", wav(1, 1, 16, 1, &pcm16(200, 1), None));
    put(
        "rate-10mhz.wav",
        wav(10_000_000, 2, 16, 1, &pcm16(4800, 2), None),
    );
    put(
        "channels-0.wav",
        wav(48_000, 0, 16, 1, &pcm16(4800, 1), None),
    );
    put(
        "channels-255.wav",
        wav(48_000, 255, 16, 1, &pcm16(96, 255), None),
    );
    put(
        "billions-of-frames.wav",
        wav(48_000, 1, 16, 1, &pcm16(24_000, 1), Some(0xFFFF_FF00)),
    );
    let floats: Vec<u8> = (0..9600)
        .flat_map(|i| {
            let x = match i % 4 {
                0 => f32::NAN,
                1 => f32::INFINITY,
                2 => f32::NEG_INFINITY,
                _ => 0.5,
            };
            x.to_le_bytes()
        })
        .collect();
    put("nan-inf.wav", wav(48_000, 2, 32, 3, &floats, None));
    let whole = wav(48_000, 2, 16, 1, &pcm16(48_000, 2), None);
    put("truncated.wav", whole[..whole.len() / 3].to_vec());
    put("header-only.wav", whole[..30].to_vec());
    put("not-audio.wav", b"this is not a sound file at all".to_vec());
    files
}

/// The whole corpus written into `dir`: the crafted files, then a FIFO, a
/// folder and a symlink loop, all named `*.wav`.
#[cfg(unix)]
pub fn corpus(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for (name, bytes) in crafted() {
        let p = dir.join(name);
        std::fs::write(&p, bytes).expect("writes");
        files.push(p);
    }
    let fifo = dir.join("fifo.wav");
    let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("a path");
    // SAFETY: a valid NUL-terminated path and a plain mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    files.push(fifo);
    let folder = dir.join("folder.wav");
    std::fs::create_dir(&folder).expect("mkdir");
    files.push(folder);
    let (a, b) = (dir.join("loop-a.wav"), dir.join("loop-b.wav"));
    std::os::unix::fs::symlink(&b, &a).expect("link");
    std::os::unix::fs::symlink(&a, &b).expect("link");
    files.push(a);
    files
}
