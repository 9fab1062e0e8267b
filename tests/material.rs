//! The built-in sessions in audio-samples/: they load, they decode exactly,
//! their reference mixes land at sensible loudness, and every stem sounds
//! like its role (measured, not listened to).

use mixtutor::analysis::{Spectrum, loudness, rms_dbfs, third_octave_centres};
use mixtutor::audio::Audio;
use mixtutor::engine::Role;
use mixtutor::engine::{Excerpt, Session, render};
use std::path::{Path, PathBuf};

const GENRES: [&str; 5] = ["hip-hop", "edm", "rock", "r&b", "lo-fi"];

/// The real-band session, cut from a released song rather than generated.
const REAL_BAND: &str = "sectoid-metal-madness";

/// Every built-in session folder.
fn sessions() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("audio-samples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("audio-samples/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("session.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Features of one stem, measured on its mono sum.
#[derive(Debug)]
struct Features {
    /// Share of the power in a band.
    below_150: f64,
    below_250: f64,
    above_5k: f64,
    voice_band: f64,
    centroid_hz: f64,
    crest_db: f64,
    /// Share of 100 ms windows more than 50 dB under the stem's loudest window.
    silent: f64,
}

fn features(audio: &Audio) -> Features {
    let n = audio.frames();
    let mono: Vec<f32> = (0..n)
        .map(|i| audio.channels.iter().map(|c| c[i]).sum::<f32>() / audio.channels.len() as f32)
        .collect();
    let m = Audio {
        channels: vec![mono.clone()],
        sample_rate: 48_000,
    };
    let spectrum = Spectrum::of(&m);
    let total = spectrum.band_power(20.0, 24_000.0);
    let share = |lo, hi| spectrum.band_power(lo, hi) / total;
    let centres = third_octave_centres();
    let bands = spectrum.third_octave_bands();
    let (mut num, mut den) = (0.0, 0.0);
    for (&f, &(_, db)) in centres.iter().zip(&bands.0) {
        let p = 10f64.powf(db / 10.0);
        num += f * p;
        den += p;
    }
    let windows: Vec<f64> = mono
        .chunks(4800)
        .map(|w| w.iter().map(|&x| (x * x) as f64).sum::<f64>() / w.len() as f64)
        .collect();
    let loudest = windows.iter().cloned().fold(0.0, f64::max);
    let silent =
        windows.iter().filter(|&&w| w < loudest * 1e-5).count() as f64 / windows.len() as f64;
    let peak = mono.iter().fold(0.0f32, |p, x| p.max(x.abs())) as f64;
    Features {
        below_150: share(20.0, 150.0),
        below_250: share(20.0, 250.0),
        above_5k: share(5000.0, 24_000.0),
        voice_band: share(200.0, 4000.0),
        centroid_hz: num / den,
        crest_db: 20.0 * peak.log10() - rms_dbfs(&m),
        silent,
    }
}

fn loop_frames(session: &Session) -> usize {
    // Every built-in loop is a whole number of 4/4 bars.
    let bar = 4.0 * 60.0 / session.manifest.tempo_bpm as f64 * 48_000.0;
    let bars = (session.frames() as f64 / bar).round();
    (bars * bar).round() as usize
}

#[test]
fn five_genre_sessions_load_with_equal_length_loops_and_the_stems_a_mix_needs() {
    let dirs: Vec<PathBuf> = sessions()
        .into_iter()
        .filter(|d| !d.ends_with(REAL_BAND))
        .collect();
    assert_eq!(dirs.len(), 5, "{dirs:?}");
    let mut genres: Vec<String> = Vec::new();
    for dir in &dirs {
        let session = Session::load(dir).unwrap_or_else(|e| panic!("{e}"));
        let m = &session.manifest;
        genres.push(m.genre.clone());
        assert!(
            !m.title.is_empty() && !m.key.is_empty(),
            "{}",
            dir.display()
        );
        let seconds = session.frames() as f64 / 48_000.0;
        assert!(
            (16.0..=30.0).contains(&seconds),
            "{}: {seconds} s",
            dir.display()
        );
        assert_eq!(
            session.frames(),
            loop_frames(&session),
            "{}: not whole bars",
            dir.display()
        );
        assert!(
            m.stems.len() >= 7,
            "{}: {} stems",
            dir.display(),
            m.stems.len()
        );
        // Every stem decodes to the full loop (a truncated decode would be short).
        for (entry, source) in m.stems.iter().zip(session.sources()) {
            assert_eq!(source.sample_rate, 48_000);
            assert_eq!(
                source.frames(),
                session.frames(),
                "{}/{}",
                dir.display(),
                entry.file
            );
            assert!(
                m.credits.contains_key(&entry.file),
                "{}: no credit for {}",
                dir.display(),
                entry.file
            );
        }
        let has = |roles: &[Role]| m.stems.iter().any(|s| roles.contains(&s.role));
        for (what, roles) in [
            ("kick", &[Role::Kick][..]),
            ("snare or clap", &[Role::Snare, Role::Clap]),
            ("hats or cymbals", &[Role::Hats, Role::Cymbals]),
            ("bass", &[Role::Bass, Role::Sub]),
            (
                "harmony",
                &[Role::Keys, Role::Pad, Role::Guitar, Role::Strings],
            ),
            ("lead", &[Role::Lead, Role::Synth]),
            ("vocal", &[Role::Vocal, Role::BackingVocal]),
        ] {
            assert!(has(roles), "{}: no {what} stem", dir.display());
        }
    }
    for g in GENRES {
        assert!(
            genres.iter().any(|x| x == g),
            "no {g} session among {genres:?}"
        );
    }
}

#[test]
fn the_real_band_session_keeps_its_ogg_files_cut_to_their_true_length() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("audio-samples")
        .join(REAL_BAND);
    let session = Session::load(&dir).expect("loads");
    let m = &session.manifest;
    assert_eq!(
        m.stems.iter().map(|s| s.role).collect::<Vec<_>>(),
        [Role::Band, Role::Lead]
    );
    for entry in &m.stems {
        assert!(
            entry.file.ends_with(".ogg"),
            "kept as Ogg Vorbis: {}",
            entry.file
        );
        let decoded = mixtutor::audio::decode_file(&dir.join(&entry.file)).expect("decodes");
        assert_eq!(decoded.sample_rate, 44_100);
        assert_eq!(
            Some(decoded.frames() as u64),
            entry.frames,
            "{}: decodes to its true length",
            entry.file
        );
        assert!(m.credits[&entry.file].contains("MIT"), "{}", entry.file);
    }
    assert!(
        dir.join("LICENSE").is_file(),
        "the MIT notice travels with the audio"
    );
    // 18 bars at 150 BPM, resampled to 48 kHz.
    assert_eq!(session.frames(), 1_382_400);
    assert_eq!(session.frames(), loop_frames(&session));
}

#[test]
fn reference_mixes_render_between_minus_18_and_minus_10_lufs_under_minus_1_dbtp() {
    for dir in sessions() {
        let session = Session::load(&dir).expect("loads");
        let excerpt = Excerpt {
            start: 0,
            frames: session.frames(),
        };
        let mix = render(&session, &session.manifest.mix, excerpt).expect("renders");
        let l = loudness(&mix).expect("measures");
        assert!(
            (-18.0..=-10.0).contains(&l.integrated_lufs),
            "{}: {:.1} LUFS",
            dir.display(),
            l.integrated_lufs
        );
        assert!(
            l.true_peak_dbtp <= -1.0,
            "{}: {:.2} dBTP",
            dir.display(),
            l.true_peak_dbtp
        );
    }
}

/// Roles whose stems are hits with silence between them.
fn sparse(role: Role) -> bool {
    matches!(
        role,
        Role::Kick | Role::Snare | Role::Clap | Role::Cymbals | Role::Percussion | Role::Fx
    )
}

#[test]
fn every_stem_measures_like_its_role() {
    let mut checked = 0;
    for dir in sessions() {
        let session = Session::load(&dir).expect("loads");
        for (entry, audio) in session.manifest.stems.iter().zip(session.sources()) {
            let f = features(&audio);
            let at = format!("{}/{} ({:?}): {f:?}", dir.display(), entry.file, entry.role);
            assert!((6.0..=30.0).contains(&f.crest_db), "crest factor, {at}");
            if !sparse(entry.role) {
                assert!(f.silent <= 0.5, "silent too long, {at}");
            }
            match entry.role {
                Role::Kick => assert!(f.below_150 > 0.8 && f.crest_db > 10.0, "{at}"),
                Role::Snare | Role::Clap => assert!(
                    (300.0..4000.0).contains(&f.centroid_hz) && f.crest_db > 12.0,
                    "{at}"
                ),
                Role::Hats => assert!(f.above_5k > 0.5, "{at}"),
                Role::Cymbals => assert!(f.above_5k > 0.4, "{at}"),
                Role::Bass | Role::Sub => {
                    assert!(
                        f.below_250 > 0.6 && (30.0..250.0).contains(&f.centroid_hz),
                        "{at}"
                    )
                }
                Role::Vocal | Role::BackingVocal => assert!(f.voice_band > 0.8, "{at}"),
                Role::Band => assert!(
                    f.below_250 > 0.2 && f.above_5k > 0.005 && f.silent == 0.0,
                    "a full band reaches from the bass to the cymbals, {at}"
                ),
                _ => assert!(
                    (150.0..5000.0).contains(&f.centroid_hz) && f.below_150 < 0.3,
                    "{at}"
                ),
            }
            checked += 1;
        }
    }
    assert!(checked >= 35, "only {checked} stems");
}

#[test]
fn pink_noise_has_equal_energy_per_octave() {
    let n = 48_000 * 20;
    let noise = mixtutor::material::signals::pink_noise(n, 7, -20.0);
    let spectrum = Spectrum::of(&Audio {
        channels: vec![noise],
        sample_rate: 48_000,
    });
    let bands = spectrum.octave_bands();
    let levels: Vec<f64> = bands.0.iter().map(|&(_, db)| db).collect();
    let mean = levels.iter().sum::<f64>() / levels.len() as f64;
    for &(f, db) in &bands.0 {
        assert!(
            (db - mean).abs() <= 0.5,
            "{f} Hz: {db:.2} dB vs mean {mean:.2}"
        );
    }
    assert_eq!(levels.len(), 10, "31.5 Hz … 16 kHz");
}
