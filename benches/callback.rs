//! The real-time player's audio callback at 256 frames: an 8-stem session
//! with every processor on every strip, two sends and the master chain,
//! three live variants (A, B, C) in lock-step, switching and moving faders
//! as a learner does. Reported as the worst and the 99.9th-percentile
//! callback time against the 5.33 ms deadline (budget: worst < 25 %).

#[path = "../tests/common/session.rs"]
mod session;

use mixtutor::audio::player::{Command, Program, player};
use mixtutor::engine::{Change, Graph, MasterLimiter, MixValues};
use std::time::Instant;

const FRAMES: usize = 256;
const SECONDS: usize = 20;

fn main() {
    let (layout, sources) = session::eight_stems(SECONDS);
    let a = session::every_processor_mix(&layout);
    let b = Change::add("vocal", "eq.2.gain_db", 3.0)
        .apply(&a)
        .expect("the change applies");
    let c = Change::add("bass", "gain_db", -2.0)
        .apply(&a)
        .expect("the change applies");
    let graphs = [&a, &b, &c]
        .iter()
        .map(|m| Graph::new(&layout, m, 120.0, MasterLimiter::On).expect("graph"))
        .collect();
    let program = Program::of_mixes(&sources, graphs).expect("program");
    let (mut controller, mut player) = player();
    controller
        .send(Command::Load(Box::new(program)))
        .expect("sent");
    controller.send(Command::Play).expect("sent");
    let faders: Vec<Box<MixValues>> = (0..8)
        .map(|k| {
            let mix = Change::add("keys", "gain_db", -(k as f64))
                .apply(&a)
                .expect("the change applies");
            Box::new(MixValues::of(&layout, &mix))
        })
        .collect();
    let mut faders = faders.into_iter();

    let mut buffer = vec![0.0f32; 2 * FRAMES];
    let blocks = SECONDS * 48_000 / FRAMES;
    let mut times = Vec::with_capacity(blocks);
    for n in 0..blocks {
        if n % 26 == 0 {
            controller.send(Command::Select(n / 26 % 3)).expect("sent");
        }
        if n % 200 == 100
            && let Some(values) = faders.next()
        {
            controller
                .send(Command::Mix { variant: 0, values })
                .expect("sent");
        }
        let started = Instant::now();
        player.render(&mut buffer);
        times.push(started.elapsed().as_secs_f64());
        std::hint::black_box(&buffer);
        controller.poll();
    }
    // The first callbacks warm the caches; a real stream has run for a
    // while before a drill starts.
    let mut steady: Vec<f64> = times[100..].to_vec();
    steady.sort_by(f64::total_cmp);
    let deadline = FRAMES as f64 / 48_000.0;
    let pct = |t: f64| 100.0 * t / deadline;
    let p999 = steady[(steady.len() as f64 * 0.999) as usize];
    let worst = steady[steady.len() - 1];
    let mean = steady.iter().sum::<f64>() / steady.len() as f64;
    println!(
        "callback, 8 stems x 3 variants, every processor, {FRAMES} frames: \
         mean {:.1} %, 99.9th percentile {:.1} %, worst {:.1} % of the {:.2} ms deadline",
        pct(mean),
        pct(p999),
        pct(worst),
        deadline * 1e3
    );
}
