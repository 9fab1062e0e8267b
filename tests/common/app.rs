//! Drives the real app headless: iced_test's Simulator clicks and finds
//! widgets in the app's view, messages go to `App::handle`, and every
//! effect it returns runs to completion on a runtime here before the next
//! step, so a test sees what a learner would see once the work is done.
#![allow(dead_code)]

use iced::futures::StreamExt;
use iced_test::simulator;
use mixtutor::paths::DataDir;
use mixtutor::ui::{App, Effect, Message, Options};
use std::path::Path;

pub struct Harness {
    pub app: App,
    runtime: tokio::runtime::Runtime,
}

impl Harness {
    /// The app on data folder `dir`, without sound, after its start-up work.
    pub fn open(dir: &Path) -> Self {
        let (app, effects) = App::new(Options {
            data: Some(DataDir::new(dir)),
            audio: false,
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let mut h = Harness { app, runtime };
        h.run(effects);
        h
    }

    /// Runs effects and everything their results lead to.
    pub fn run(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            let done: Vec<_> = self.runtime.block_on(effect.run().collect());
            for d in done {
                let more = self.app.handle(Message::Done(Box::new(d)));
                self.run(more);
            }
        }
    }

    /// Sends a message as a widget or the keyboard subscription would.
    pub fn send(&mut self, message: Message) {
        let effects = self.app.handle(message);
        self.run(effects);
    }

    /// Clicks the widget showing `label` and handles what it sent.
    pub fn click(&mut self, label: &str) {
        let messages: Vec<Message> = {
            let mut ui = simulator(self.app.view());
            if let Err(e) = ui.click(label) {
                panic!("cannot click {label:?}: {e}");
            }
            ui.into_messages().collect()
        };
        assert!(!messages.is_empty(), "clicking {label:?} did nothing");
        for m in messages {
            self.send(m);
        }
    }

    /// Clicks a text field showing `placeholder` and types `text` into it.
    pub fn type_into(&mut self, placeholder: &str, text: &str) {
        let messages: Vec<Message> = {
            let mut ui = simulator(self.app.view());
            if let Err(e) = ui.click(placeholder) {
                panic!("cannot click {placeholder:?}: {e}");
            }
            ui.typewrite(text);
            ui.into_messages().collect()
        };
        for m in messages {
            self.send(m);
        }
    }

    /// Whether the window shows `text` now.
    pub fn shows(&self, text: &str) -> bool {
        simulator(self.app.view()).find(text).is_ok()
    }

    /// Panics naming `text` unless the window shows it.
    pub fn expect(&self, text: &str) {
        assert!(self.shows(text), "the window does not show {text:?}");
    }

    /// The first-run checks skipped.
    pub fn skip_welcome(&mut self) {
        self.expect("Welcome to mixtutor");
        self.click("Skip the checks");
        self.expect("Today's practice");
    }
}
