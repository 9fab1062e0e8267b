//! The work behind each effect: the database, rendering, decoding and
//! files, off the window's thread.

use super::*;

/// Decodes (or renders) both sides and compares them.
pub(super) fn compare(
    mix: MixSide,
    reference: &Path,
    region: Option<(f32, f32)>,
) -> Result<Compared, String> {
    let (name, mix) = match mix {
        MixSide::File(path) => (
            path.display().to_string(),
            crate::audio::load(&path).map_err(|e| e.to_string())?,
        ),
        MixSide::Desk { session, mix } => (
            format!("{} (the desk's mix)", session.title),
            session.render(&mix)?,
        ),
    };
    let reference_audio = crate::audio::load(reference).map_err(|e| e.to_string())?;
    let mode = match region {
        Some((s, e)) => {
            let start = (s.max(0.0) as f64 * crate::SAMPLE_RATE_HZ as f64) as usize;
            let end = (e as f64 * crate::SAMPLE_RATE_HZ as f64) as usize;
            MatchMode::Region {
                start,
                frames: end
                    .saturating_sub(start)
                    .max(crate::SAMPLE_RATE_HZ as usize),
            }
        }
        None => MatchMode::Integrated,
    };
    let comparison = compare_reference(
        (&name, &mix),
        (&reference.display().to_string(), &reference_audio),
        mode,
    )?;
    Ok(Compared {
        mix: Arc::new(mix),
        reference: Arc::new(reference_audio),
        comparison: Arc::new(comparison),
    })
}

/// Creates the folder a file goes into (the app's own folders do not
/// exist before their first use).
pub(super) fn make_parent(path: &std::path::Path) -> Result<(), String> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create: {e}", dir.display())),
        _ => Ok(()),
    }
}

/// CPU or file work off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| format!("the work stopped unexpectedly: {e}"))?
}

pub(super) async fn start(
    store: Store,
    learner: String,
    data: Option<DataDir>,
    hearing: Option<Hearing>,
) -> Result<Opened, String> {
    let notice = store.notice().map(str::to_string);
    let mut practice = Practice::start(store.clone(), &learner, now_ms() as u64, data)
        .await
        .map_err(|e| e.to_string())?;
    practice.set_hearing(hearing);
    let learners = store
        .learners()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|l| l.name)
        .collect();
    Ok(Opened {
        learner: practice.learner().name.clone(),
        sitting: Arc::new(Mutex::new(practice)),
        store,
        learners,
        notice,
    })
}

pub(super) async fn refresh(sitting: Sitting) -> Result<Refreshed, String> {
    let practice = sitting.lock().await;
    let store = practice.store();
    let learner = practice.learner();
    let lessons = store
        .lesson_progress(learner.id)
        .await
        .map_err(|e| e.to_string())?;
    let stats = store
        .stats(learner, now_ms())
        .await
        .map_err(|e| e.to_string())?;
    Ok(Refreshed {
        lessons,
        stats: Arc::new(stats),
    })
}

pub(super) async fn next(
    sitting: Sitting,
    lessons: Arc<Vec<Lesson>>,
    chosen: Option<String>,
    rove: bool,
) -> Result<Ready, String> {
    let question = {
        let mut practice = sitting.lock().await;
        let lesson = chosen
            .as_deref()
            .map(|id| crate::lessons::find(&lessons, id).ok_or_else(|| format!("no lesson '{id}'")))
            .transpose()?;
        practice
            .next(&lessons, lesson)
            .await
            .map_err(|e| e.to_string())?
    };
    blocking(move || {
        let ex = &question.exercise;
        let rove = (rove && ex.loudness_matched()).then_some(ROVE_DB);
        let pair = render_pair(ex, rove)?;
        Ok(Ready {
            a: Arc::new(pair.a),
            b: Arc::new(pair.b),
            question: Arc::new(question),
        })
    })
    .await
}

pub(super) async fn answer(
    sitting: Sitting,
    question: Arc<Question>,
    given: Given,
    a: Arc<Audio>,
    b: Arc<Audio>,
) -> Result<Answered, String> {
    let outcome = {
        let mut practice = sitting.lock().await;
        match &given {
            Given::Choice(i) => practice.answer(&question, *i).await,
            Given::Controls(values) => practice.answer_controls(&question, values).await,
        }
        .map_err(|e| e.to_string())?
    };
    blocking(move || {
        let ex = &question.exercise;
        let c = match &given {
            Given::Choice(i) => render_choice(ex, *i, &a).transpose()?,
            Given::Controls(values) => Some(render_mix(ex, &ex.mix_with(values)?)?),
        };
        let picture = crate::quiz::picture(ex, &a, &b)?;
        Ok(Answered {
            outcome,
            c: c.map(Arc::new),
            picture,
        })
    })
    .await
}

/// The demo's material with its own mix (before) and the change (after).
pub(super) fn demo(
    lesson: &Lesson,
    index: usize,
    data: Option<&DataDir>,
) -> Result<DemoPair, String> {
    let demo = lesson
        .demos
        .get(index)
        .ok_or_else(|| format!("lesson '{}' has no demo {index}", lesson.id))?;
    let stage = stage(&demo.material, 0, data, None)?;
    let after = demo
        .change
        .iter()
        .try_fold(stage.loaded.mix.clone(), |mix, change| change.apply(&mix))
        .map_err(|e| format!("demo '{}': {e}", demo.name))?;
    Ok(DemoPair {
        loaded: Arc::new(Loaded {
            title: stage.description,
            ..stage.loaded
        }),
        after,
    })
}

pub(super) fn load_session(name: &str, data: Option<&DataDir>) -> Result<Arc<Loaded>, String> {
    let dir = Session::named(name, data).map_err(|e| e.to_string())?;
    let session = Session::load(&dir).map_err(|e| e.to_string())?;
    Ok(Arc::new(Loaded::of(&session)))
}

/// Renders the whole session block by block into a WAV file, reporting
/// progress every second of material.
pub(super) fn export(session: Arc<Loaded>, mix: Mix, path: PathBuf) -> BoxStream<'static, Done> {
    let (tx, rx) = iced::futures::channel::mpsc::unbounded();
    std::thread::spawn(move || {
        let result = (|| -> Result<PathBuf, String> {
            make_parent(&path)?;
            let frames = session.frames();
            let mut wav = WavStream::create(&path, 2, crate::SAMPLE_RATE_HZ, WavFormat::Int24)
                .map_err(|e| e.to_string())?;
            let (mut done, mut reported) = (0, 0);
            // The same path as every render: the limiter's latency taken
            // out, and a non-finite block an error naming its stage.
            crate::engine::render_blocks(
                &session.layout,
                &session.sources,
                &mix,
                session.tempo_bpm,
                Excerpt { start: 0, frames },
                MasterLimiter::On,
                |block| {
                    wav.write(&[block.channel(0), block.channel(1)])?;
                    done += block.len();
                    if done - reported >= crate::SAMPLE_RATE_HZ as usize {
                        reported = done;
                        let _ = tx.unbounded_send(Done::Exporting(done as f32 / frames as f32));
                    }
                    Ok::<(), crate::audio::AudioError>(())
                },
            )
            .map_err(|e| match e {
                crate::engine::RenderError::Engine(e) => e.to_string(),
                crate::engine::RenderError::Sink(e) => e.to_string(),
            })?;
            wav.finish().map_err(|e| e.to_string())?;
            Ok(path)
        })();
        let _ = tx.unbounded_send(Done::Exported(result));
    });
    rx.boxed()
}

/// The tonal balance of the built-in sessions' reference mixes and the
/// library's references of `genre`, as a range per ⅓-octave band, and
/// what it was measured on; every one of them when fewer than two share
/// the genre.
pub(super) fn targets(data: Option<&DataDir>, genre: &str) -> Result<Targets, String> {
    let mut balances: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for name in Session::list(None) {
        let loaded = load_session(&name, None)?;
        let audio = loaded.render(&loaded.mix)?;
        let balance = tonal_balance(&Spectrum::of(&audio).third_octave_bands());
        balances.push((loaded.genre.clone(), balance));
    }
    if let Some(data) = data {
        let library = Library::read(data).map_err(|e| e.to_string())?;
        for r in library.references {
            let path = Library::path_of(data, &r).map_err(|e| e.to_string())?;
            let audio = crate::audio::load(&path).map_err(|e| e.to_string())?;
            balances.push((
                r.genre,
                tonal_balance(&Spectrum::of(&audio).third_octave_bands()),
            ));
        }
    }
    let same: Vec<Vec<(f64, f64)>> = balances
        .iter()
        .filter(|(g, _)| !genre.is_empty() && g == genre)
        .map(|(_, b)| b.clone())
        .collect();
    if same.len() >= 2 {
        return Ok(Targets {
            range: target_range(&same),
            label: format!("the {genre} mixes and references"),
        });
    }
    let all: Vec<Vec<(f64, f64)>> = balances.into_iter().map(|(_, b)| b).collect();
    Ok(Targets {
        range: target_range(&all),
        label: "the built-in genre mixes and your references".into(),
    })
}
