//! A full 8-stem session (gate, four EQ bands, compressor, saturation, width,
//! reverb and delay sends on every strip; master EQ, glue compressor and
//! true-peak limiter) rendered as two variants in lock-step, as the player
//! does for A/B. Reported as × real time on one core.

#[path = "../tests/common/session.rs"]
mod session;

use criterion::{Criterion, Throughput, criterion_group};
use mixtutor::dsp::{Block, MAX_BLOCK};
use mixtutor::engine::{Change, Graph, MasterLimiter};
use std::hint::black_box;
use std::time::Instant;

const SECONDS: usize = 10;
const FS: usize = 48_000;

fn two_variants() -> (Vec<std::sync::Arc<mixtutor::audio::Audio>>, [Graph; 2]) {
    let (layout, sources) = session::eight_stems(SECONDS);
    let a = session::every_processor_mix(&layout);
    let b = Change::add("vocal", "eq.2.gain_db", 3.0)
        .apply(&a)
        .expect("the change applies");
    let graph = |mix| Graph::new(&layout, mix, 120.0, MasterLimiter::On).expect("graph");
    (sources, [graph(&a), graph(&b)])
}

/// Renders the whole excerpt through both graphs, block by block.
fn render(sources: &[std::sync::Arc<mixtutor::audio::Audio>], graphs: &mut [Graph; 2]) -> f32 {
    let mut out = [Block::new(2, MAX_BLOCK), Block::new(2, MAX_BLOCK)];
    let mut sum = 0.0;
    let total = SECONDS * FS;
    let mut t = 0;
    while t < total {
        let len = MAX_BLOCK.min(total - t);
        for (g, o) in graphs.iter_mut().zip(&mut out) {
            o.reset(2, len);
            g.process(sources, t, o);
            sum += o.channel(0)[0];
        }
        t += len;
    }
    sum
}

fn bench(c: &mut Criterion) {
    let (sources, mut graphs) = two_variants();
    let mut group = c.benchmark_group("session");
    group.sample_size(10);
    group.throughput(Throughput::Elements((SECONDS * FS) as u64));
    group.bench_function("8 stems, every processor, 2 variants, 10 s", |b| {
        b.iter(|| black_box(render(&sources, &mut graphs)))
    });
    group.finish();
}

/// The figure the budget is stated in: seconds of material per second of work.
fn report_real_time() {
    let (sources, mut graphs) = two_variants();
    render(&sources, &mut graphs);
    let runs = 5;
    let started = Instant::now();
    for _ in 0..runs {
        black_box(render(&sources, &mut graphs));
    }
    let per_run = started.elapsed().as_secs_f64() / runs as f64;
    println!(
        "8-stem session, every processor, 2 variants: {:.0}× real time (one core)",
        SECONDS as f64 / per_run
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    report_real_time();
    Criterion::default().configure_from_args().final_summary();
}
