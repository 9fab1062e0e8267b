//! The real-time player's audio callback at 256 frames: an 8-stem session
//! with every processor on every strip, two sends and the master chain,
//! three live variants (A, B, C) in lock-step, switching and moving faders
//! as a learner does. Reported as the mean, 99.9th-percentile and worst
//! callback time against the 5.33 ms deadline (budget: worst < 25 %), in
//! the thread's own CPU time (what the callback costs) and in wall time
//! (which also counts the scheduler taking the core away; a real audio
//! thread runs at real-time priority, this bench does not).

#[path = "../tests/common/session.rs"]
mod session;

use mixtutor::audio::player::{Command, Program, player};
use mixtutor::engine::{Edit, Graph, MasterLimiter, MixValues, Param, Target};
use std::time::Instant;

const FRAMES: usize = 256;
const SECONDS: usize = 20;

fn main() {
    let (layout, sources) = session::eight_stems(SECONDS);
    let a = session::every_processor_mix(&layout);
    let b = Edit::add(Target::named("vocal"), Param::EqGainDb(2), 3.0)
        .apply(&a)
        .expect("the change applies");
    let c = Edit::add(Target::named("bass"), Param::GainDb, -2.0)
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
            let mix = Edit::add(Target::named("keys"), Param::GainDb, -(k as f64))
                .apply(&a)
                .expect("the change applies");
            Box::new(MixValues::of(&layout, &mix))
        })
        .collect();
    let mut faders = faders.into_iter();

    let mut buffer = vec![0.0f32; 2 * FRAMES];
    let blocks = SECONDS * 48_000 / FRAMES;
    let mut wall = Vec::with_capacity(blocks);
    let mut cpu = Vec::with_capacity(blocks);
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
        let (started, started_cpu) = (Instant::now(), thread_cpu_s());
        player.render(&mut buffer);
        cpu.push(thread_cpu_s() - started_cpu);
        wall.push(started.elapsed().as_secs_f64());
        std::hint::black_box(&buffer);
        controller.poll();
    }
    // The first callbacks warm the caches; a real stream has run for a
    // while before a drill starts.
    let deadline = FRAMES as f64 / 48_000.0;
    for (what, times) in [("CPU time", &cpu), ("wall time", &wall)] {
        let mut steady: Vec<f64> = times[100..].to_vec();
        steady.sort_by(f64::total_cmp);
        let pct = |t: f64| 100.0 * t / deadline;
        let p999 = steady[(steady.len() as f64 * 0.999) as usize];
        let worst = steady[steady.len() - 1];
        let mean = steady.iter().sum::<f64>() / steady.len() as f64;
        println!(
            "callback, 8 stems x 3 variants, every processor, {FRAMES} frames, {what}: \
             mean {:.1} %, 99.9th percentile {:.1} %, worst {:.1} % of the {:.2} ms deadline",
            pct(mean),
            pct(p999),
            pct(worst),
            deadline * 1e3
        );
    }
}

/// This thread's CPU time in seconds.
fn thread_cpu_s() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}
