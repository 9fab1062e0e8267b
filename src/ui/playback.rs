//! What each screen puts on the deck: a drill's clips, a lesson's demo,
//! the desk's session, a mix and its reference.

use super::*;

impl App {
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
        match self.deck.load_clips(clips) {
            Ok(()) => {
                self.deck_owner = Some(Tab::Drill);
                let frames = self.deck.frames();
                self.deck
                    .set_loop(self.drill.looping().then_some((0, frames)));
                self.deck.select(self.drill.variant());
            }
            Err(e) => self.banner(e, true),
        }
    }

    /// The mix and the matched reference on the deck; `fresh` starts from
    /// the mix, otherwise the side heard stays (a switch of system or
    /// alignment during A/B).
    pub(super) fn load_reference_into_deck(&mut self, fresh: bool) {
        let Some(clips) = self.reference.clips() else {
            return;
        };
        match self.deck.load_clips(clips) {
            Ok(()) => {
                self.deck_owner = Some(Tab::Reference);
                let frames = self.deck.frames();
                self.deck
                    .set_loop(self.reference.loop_frames(frames).or(Some((0, frames))));
                self.deck
                    .select(if fresh { 0 } else { self.reference.heard() });
            }
            Err(e) => self.banner(e, true),
        }
    }

    pub(super) fn load_desk_into_deck(&mut self) {
        let Some(loaded) = self.desk.loaded() else {
            return;
        };
        // In a "match it" drill, A (the original) is the second variant.
        let mut mixes = vec![self.desk.heard_mix()];
        mixes.extend(self.desk.target().cloned());
        match self
            .deck
            .load_mixes(&loaded.layout, &loaded.sources, &mixes, loaded.tempo_bpm)
        {
            Ok(()) => {
                self.deck_owner = Some(Tab::Desk);
                self.deck.set_loop(Some((0, self.deck.frames())));
            }
            Err(e) => self.banner(e, true),
        }
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

    pub(super) fn play_clip(&mut self, clip: crate::audio::Audio) {
        match self.deck.load_clips(vec![Arc::new(clip)]) {
            Ok(()) => {
                self.deck_owner = Some(Tab::Home);
                self.deck.set_loop(Some((0, self.deck.frames())));
                self.deck.select(0);
                self.deck.play();
            }
            Err(e) => self.banner(e, true),
        }
    }
}
