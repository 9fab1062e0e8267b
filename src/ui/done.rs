//! What the app does with the result of each effect.

use super::*;

impl App {
    pub(super) fn done(&mut self, done: Done) -> Vec<Effect> {
        match done {
            Done::Opened(Ok(o)) => {
                if let Some(n) = o.notice {
                    self.banner(n, true);
                }
                self.store = Some(o.store);
                self.sitting = Some(o.sitting);
                self.learners = o.learners;
                if o.learner != self.settings.learner {
                    self.settings.learner = o.learner.clone();
                    let save = self.save_settings();
                    self.learner = o.learner;
                    return save.into_iter().chain(self.refresh()).collect();
                }
                self.learner = o.learner;
                self.refresh()
            }
            Done::Opened(Err(e)) => {
                self.banner(
                    format!("{e}. Drills and progress are off until this is fixed."),
                    true,
                );
                Vec::new()
            }
            Done::Refreshed(Ok(r)) => {
                self.lesson_progress = r.lessons;
                self.progress.set_stats(&r.stats);
                self.stats = Some(r.stats);
                Vec::new()
            }
            Done::Refreshed(Err(e)) | Done::Exported(Err(e)) | Done::MixLoaded(Err(e)) => {
                self.desk.stop_export();
                self.banner(e, true);
                Vec::new()
            }
            Done::Ready(result) => {
                match result {
                    Ok(ready) => {
                        self.drill.set_question(ready);
                        if self.tab == Tab::Drill {
                            self.load_drill_into_deck(true);
                            self.deck.play();
                        }
                    }
                    Err(e) => self.drill.set_error(&e),
                }
                Vec::new()
            }
            Done::Solo(result) => {
                match result {
                    Ok((a, b)) => {
                        self.drill.set_solo_pair(a, b);
                        self.load_drill_into_deck(true);
                    }
                    Err(e) => self.drill.set_error(&e),
                }
                Vec::new()
            }
            Done::Answered(result) => match result {
                Ok(answered) => {
                    self.drill.set_answered(answered);
                    self.load_drill_into_deck(true);
                    self.refresh()
                }
                Err(e) => {
                    self.drill.set_error(&e);
                    Vec::new()
                }
            },
            Done::Demo(result) => {
                match result {
                    Ok(pair) => self.play_demo(&pair),
                    Err(e) => self.banner(e, true),
                }
                Vec::new()
            }
            Done::Session(result) => {
                match result {
                    Ok(loaded) => {
                        self.desk.set_loaded(loaded);
                        if self.tab == Tab::Desk {
                            self.load_desk_into_deck();
                        }
                    }
                    Err(e) => {
                        self.desk.set_failed();
                        self.banner(e, true);
                    }
                }
                Vec::new()
            }
            Done::Exporting(p) => {
                self.desk.set_export_progress(p);
                Vec::new()
            }
            Done::Exported(Ok(path)) => {
                self.desk.stop_export();
                self.banner(format!("Exported {}", path.display()), false);
                Vec::new()
            }
            Done::MixSaved(result) => {
                match result {
                    Ok(p) => self.banner(format!("Saved the mix as {}", p.display()), false),
                    Err(e) => self.banner(e, true),
                }
                Vec::new()
            }
            Done::MixLoaded(Ok(mix)) => {
                self.desk.set_mix(mix);
                self.push_desk_mix();
                Vec::new()
            }
            Done::SettingsSaved(result) => {
                if let Err(e) = result {
                    self.banner(format!("Settings were not saved: {e}"), true);
                }
                Vec::new()
            }
            Done::ChartsExported(result) => {
                match result {
                    Ok(files) => self.banner(
                        format!(
                            "Wrote {} charts to {}",
                            files.len(),
                            files
                                .first()
                                .and_then(|f| f.parent())
                                .map_or_else(String::new, |d| d.display().to_string())
                        ),
                        false,
                    ),
                    Err(e) => self.banner(e, true),
                }
                Vec::new()
            }
            Done::ReferenceAdded(result) => {
                match result {
                    Ok((library, title)) => {
                        self.banner(format!("Added “{title}” to your references."), false);
                        self.reference.set_library(library, Some(title));
                    }
                    Err(e) => {
                        self.reference.set_failed();
                        self.banner(e, true);
                    }
                }
                Vec::new()
            }
            Done::Compared(result) => {
                match result {
                    Ok(c) => {
                        self.reference.set_compared(c);
                        self.load_reference_into_deck(true);
                    }
                    Err(e) => {
                        self.reference.set_failed();
                        self.banner(e, true);
                    }
                }
                Vec::new()
            }
            Done::Targets(result) => {
                match result {
                    Ok(t) => self.reference.set_targets(t.range, t.label),
                    Err(e) => self.banner(
                        format!("The genre targets could not be measured: {e}"),
                        true,
                    ),
                }
                Vec::new()
            }
            Done::CsvExported(result) => {
                match result {
                    Ok(p) => self.banner(format!("Wrote every answer to {}", p.display()), false),
                    Err(e) => self.banner(e, true),
                }
                Vec::new()
            }
        }
    }
}
