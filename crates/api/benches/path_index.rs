//! One @-mention search over 100,000 synthetic workspace paths, the size the picker is built
//! for: a typical query, a one-letter query (nearly every path matches, so ranking dominates),
//! a query with a slash, one that matches nothing, and the empty query. The goal is well under
//! 100 ms a search natively; the extension runs it as wasm, about 1.5-2x slower.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use roo_api::context::PathIndex;

/// Paths in the generated workspace.
const PATHS: usize = 100_000;

/// A workspace shaped like a large monorepo: packages, nested source folders, and file names
/// made of common words, with a few extensions. A small linear congruential generator keeps it
/// the same on every run.
fn workspace() -> Vec<String> {
    const PACKAGES: [&str; 12] = [
        "core", "api", "web", "cli", "server", "shared", "ui", "data", "auth", "billing", "search",
        "tools",
    ];
    const FOLDERS: [&str; 16] = [
        "src",
        "lib",
        "components",
        "utils",
        "services",
        "models",
        "hooks",
        "tests",
        "views",
        "config",
        "internal",
        "handlers",
        "routes",
        "store",
        "types",
        "helpers",
    ];
    const WORDS: [&str; 24] = [
        "user", "account", "session", "token", "request", "response", "cache", "index", "context",
        "message", "button", "dialog", "table", "parser", "client", "worker", "event", "schema",
        "query", "router", "format", "error", "logger", "setting",
    ];
    const EXTENSIONS: [&str; 6] = ["ts", "tsx", "rs", "json", "md", "test.ts"];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    (0..PATHS)
        .map(|number| {
            let mut path = format!("packages/{}/", PACKAGES[next(PACKAGES.len())]);
            for _ in 0..1 + next(4) {
                path.push_str(FOLDERS[next(FOLDERS.len())]);
                path.push('/');
            }
            let first = WORDS[next(WORDS.len())];
            let second = WORDS[next(WORDS.len())];
            let extension = EXTENSIONS[next(EXTENSIONS.len())];
            path.push_str(&format!("{first}_{second}{number}.{extension}"));
            path
        })
        .collect()
}

fn search(criterion: &mut Criterion) {
    let index = PathIndex::new(workspace());
    let mut group = criterion.benchmark_group("path_index_100k");
    group.sample_size(20);
    for (name, query) in [
        ("typical", "usersess"),
        ("one_letter", "u"),
        ("with_slash", "api/cache"),
        ("no_match", "zzqx"),
        ("empty", ""),
    ] {
        group.bench_function(name, |bencher| {
            bencher.iter(|| black_box(index.search(black_box(query), 50)));
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
