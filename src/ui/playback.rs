//! What each screen puts on the deck: a drill's clips, a lesson's demo,
//! the desk's session, a mix and its reference.

use super::*;

impl App {
    /// After the deck was given new material for `owner`: loop the region
    /// `looped` picks from the material's length, hear `variant` (when
    /// given), and turn a failed load into a banner. Returns whether the
    /// material is on the deck.
    fn settle(
        &mut self,
        loaded: Result<(), String>,
        owner: Tab,
        looped: impl FnOnce(&App, usize) -> Option<(usize, usize)>,
        variant: Option<usize>,
    ) -> bool {
        if let Err(e) = loaded {
            self.banner(e, true);
            return false;
        }
        self.deck_owner = Some(owner);
        let region = looped(self, self.deck.frames());
        self.deck.set_loop(region);
        if let Some(v) = variant {
            self.deck.select(v);
        }
        true
    }

    /// The drill's clips on the deck: always when `changed` (a new
    /// question, C after answering, solo ↔ mix), else only when the deck
    /// holds something else.
    pub(super) fn load_drill_into_deck(&mut self, changed: bool) {
        let Some(clips) = self.drill.clips() else {
            return;
        };
        if !changed && self.deck_owner == Some(Tab::Drill) {
            return;
        }
        let loaded = self.deck.load_clips(clips);
        let variant = self.drill.variant();
        self.settle(
            loaded,
            Tab::Drill,
            |app, frames| app.drill.looping().then_some((0, frames)),
            Some(variant),
        );
    }

    /// The mix and the matched reference on the deck; `fresh` starts from
    /// the mix, otherwise the side heard stays (a switch of system or
    /// alignment during A/B).
    pub(super) fn load_reference_into_deck(&mut self, fresh: bool) {
        let Some(clips) = self.reference.clips() else {
            return;
        };
        let loaded = self.deck.load_clips(clips);
        let variant = if fresh { 0 } else { self.reference.heard() };
        self.settle(
            loaded,
            Tab::Reference,
            |app, frames| app.reference.loop_frames(frames).or(Some((0, frames))),
            Some(variant),
        );
    }

    pub(super) fn load_desk_into_deck(&mut self) {
        let Some(loaded) = self.desk.loaded() else {
            return;
        };
        // In a "match it" drill, A (the original) is the second variant.
        let mut mixes = vec![self.desk.heard_mix()];
        mixes.extend(self.desk.target().cloned());
        let result =
            self.deck
                .load_mixes(&loaded.layout, &loaded.sources, &mixes, loaded.tempo_bpm);
        self.settle(result, Tab::Desk, |_, frames| Some((0, frames)), None);
    }

    pub(super) fn push_desk_mix(&mut self) {
        if self.deck_owner != Some(Tab::Desk) {
            self.load_desk_into_deck();
            return;
        }
        let mix = self.desk.heard_mix();
        if let Err(e) = self.deck.set_mix(0, &mix) {
            self.banner(e, true);
        }
    }

    /// A lesson's demo on the deck, before and after, playing "before".
    pub(super) fn play_demo(&mut self, pair: &effect::DemoPair) {
        let l = &pair.loaded;
        let mixes = [l.mix.clone(), pair.after.clone()];
        let result = self
            .deck
            .load_mixes(&l.layout, &l.sources, &mixes, l.tempo_bpm);
        if self.settle(result, Tab::Lesson, |_, frames| Some((0, frames)), Some(0)) {
            self.deck.play();
            if let Some(lesson) = &mut self.lesson {
                lesson.demo_ready();
            }
        }
    }

    /// A test signal of the welcome checks, looped.
    pub(super) fn play_clip(&mut self, clip: crate::audio::Audio) {
        let result = self.deck.load_clips(vec![Arc::new(clip)]);
        if self.settle(result, Tab::Home, |_, frames| Some((0, frames)), Some(0)) {
            self.deck.play();
        }
    }
}
