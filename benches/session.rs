//! A full 8-stem session (gate, four EQ bands, compressor, saturation, width,
//! reverb and delay sends on every strip; master EQ, glue compressor and
//! true-peak limiter) rendered as two variants in one graph, as a drill
//! renders its A and B. Reported as × real time on one core, for a drill's
//! pair (B is A with one hidden change: the stems they share run their lane
//! processors once) and for two mixes with no strip in common.

#[path = "../tests/common/session.rs"]
mod session;

use criterion::{Criterion, Throughput, criterion_group};
use mixtutor::dsp::{Block, MAX_BLOCK};
use mixtutor::engine::{Edit, Graph, MasterLimiter, Param, Target};
use std::hint::black_box;
use std::time::Instant;

const SECONDS: usize = 10;
const FS: usize = 48_000;

/// Which B the session is rendered with.
#[derive(Clone, Copy)]
enum Pair {
    /// A drill's: A with one hidden EQ change on the vocal.
    Drill,
    /// A mix with every stem's compressor threshold moved: nothing shared.
    Unrelated,
}

fn two_variants(pair: Pair) -> (Vec<std::sync::Arc<mixtutor::audio::Audio>>, Graph) {
    let (layout, sources) = session::eight_stems(SECONDS);
    let a = session::every_processor_mix(&layout);
    let b = match pair {
        Pair::Drill => Edit::add(Target::named("vocal"), Param::EqGainDb(2), 3.0)
            .apply(&a)
            .expect("the change applies"),
        Pair::Unrelated => layout.iter().fold(a.clone(), |mix, stem| {
            Edit::add(Target::named(&stem.name), Param::CompThresholdDb, -2.0)
                .apply(&mix)
                .expect("the change applies")
        }),
    };
    let graph = Graph::variants(&layout, &[a, b], 120.0, MasterLimiter::On).expect("graph");
    (sources, graph)
}

/// Renders the whole excerpt of both variants, block by block.
fn render(sources: &[std::sync::Arc<mixtutor::audio::Audio>], graph: &mut Graph) -> f32 {
    let mut out = [Block::new(2, MAX_BLOCK), Block::new(2, MAX_BLOCK)];
    let mut sum = 0.0;
    let total = SECONDS * FS;
    let mut t = 0;
    while t < total {
        let len = MAX_BLOCK.min(total - t);
        out[0].reset(2, len);
        graph.process_variants(sources, t, &mut out);
        sum += out[0].channel(0)[0] + out[1].channel(0)[0];
        t += len;
    }
    sum
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("session");
    group.sample_size(10);
    group.throughput(Throughput::Elements((SECONDS * FS) as u64));
    for (pair, name) in [
        (Pair::Drill, "8 stems, every processor, drill A/B, 10 s"),
        (
            Pair::Unrelated,
            "8 stems, every processor, 2 unrelated mixes, 10 s",
        ),
    ] {
        let (sources, mut graph) = two_variants(pair);
        group.bench_function(name, |b| b.iter(|| black_box(render(&sources, &mut graph))));
    }
    group.finish();
}

/// The figure the budget is stated in: seconds of material per second of work.
fn report_real_time() {
    for (pair, name) in [
        (Pair::Drill, "a drill's A and B"),
        (Pair::Unrelated, "2 mixes with no strip in common"),
    ] {
        let (sources, mut graph) = two_variants(pair);
        render(&sources, &mut graph);
        let runs = 5;
        let started = Instant::now();
        for _ in 0..runs {
            black_box(render(&sources, &mut graph));
        }
        let per_run = started.elapsed().as_secs_f64() / runs as f64;
        println!(
            "8-stem session, every processor, {name}: {:.0}× real time (one core)",
            SECONDS as f64 / per_run
        );
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    report_real_time();
    Criterion::default().configure_from_args().final_summary();
}
