//! The fuzz loop: generate a case, run it on a worker thread, and fail on a panic, a case that
//! runs past its time limit, or a process that grows past its memory limit.
//!
//! Budget per target: `DOSSIER_FUZZ_SECS` (default 2 s, so `cargo test` stays quick).
//! Per-case limit: `DOSSIER_FUZZ_CASE_SECS` (default 20 s; a case normally takes milliseconds).
//! Memory limit: `DOSSIER_FUZZ_MAX_MB` of resident memory (default 3072).
//! Seed: `DOSSIER_FUZZ_SEED` (default: random; printed so a run can be repeated).
//! A failing case is written to `$CARGO_TARGET_TMPDIR/fuzz-crashes/<target>-<seed>.txt`.

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Resident memory of this process in MB (Linux; 0 elsewhere).
fn resident_mb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
    pages * 4096 / (1024 * 1024)
}

struct Shared {
    /// Debug text of the case being run, kept so a hang or a panic can be reported.
    current: Mutex<String>,
    /// Milliseconds since `start` when the current case began.
    case_started_ms: AtomicU64,
    executions: AtomicU64,
    failure: Mutex<Option<String>>,
    done: AtomicBool,
}

/// Runs `check(generate(rng))` over and over for the target's budget. Panics (failing the
/// test) with the offending input when a case panics, hangs or allocates without bound.
pub fn fuzz<T, G, C>(target: &str, generate: G, check: C)
where
    T: Debug + Send + 'static,
    G: Fn(&mut fastrand::Rng) -> T + Send + 'static,
    C: Fn(&T) + Send + 'static,
{
    let budget = Duration::from_secs(env_u64("DOSSIER_FUZZ_SECS", 2));
    let case_limit = Duration::from_secs(env_u64("DOSSIER_FUZZ_CASE_SECS", 20));
    let max_mb = env_u64("DOSSIER_FUZZ_MAX_MB", 3072);
    let seed = env_u64("DOSSIER_FUZZ_SEED", fastrand::u64(..));
    let start = Instant::now();
    let shared = Arc::new(Shared {
        current: Mutex::new(String::new()),
        case_started_ms: AtomicU64::new(0),
        executions: AtomicU64::new(0),
        failure: Mutex::new(None),
        done: AtomicBool::new(false),
    });
    let worker = {
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name(format!("fuzz-{target}"))
            .stack_size(64 << 20)
            .spawn(move || {
                let mut rng = fastrand::Rng::with_seed(seed);
                while start.elapsed() < budget {
                    let input = generate(&mut rng);
                    if let Ok(mut current) = shared.current.lock() {
                        *current = format!("{input:#?}");
                    }
                    shared.case_started_ms.store(start.elapsed().as_millis() as u64, Ordering::SeqCst);
                    if catch_unwind(AssertUnwindSafe(|| check(&input))).is_err() {
                        if let Ok(mut failure) = shared.failure.lock() {
                            *failure = Some(format!("panicked on:\n{input:#?}"));
                        }
                        break;
                    }
                    shared.executions.fetch_add(1, Ordering::SeqCst);
                }
                shared.done.store(true, Ordering::SeqCst);
            })
            .expect("spawn fuzz worker")
    };
    let mut peak_mb = 0;
    while !shared.done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(20));
        let started = Duration::from_millis(shared.case_started_ms.load(Ordering::SeqCst));
        let running = start.elapsed().saturating_sub(started);
        peak_mb = peak_mb.max(resident_mb());
        let why = if running > case_limit {
            Some(format!("one case ran for more than {case_limit:?}"))
        } else if peak_mb > max_mb {
            Some(format!("resident memory reached {peak_mb} MB (limit {max_mb} MB)"))
        } else {
            None
        };
        if let Some(why) = why {
            let input = shared.current.lock().map(|c| c.clone()).unwrap_or_default();
            report(target, seed, &format!("{why} on:\n{input}"));
        }
    }
    let _ = worker.join();
    let executions = shared.executions.load(Ordering::SeqCst);
    println!(
        "fuzz {target}: {executions} executions in {:.1} s (seed {seed}, peak resident {peak_mb} MB)",
        start.elapsed().as_secs_f64()
    );
    if let Some(failure) = shared.failure.lock().ok().and_then(|f| f.clone()) {
        report(target, seed, &failure);
    }
}

fn report(target: &str, seed: u64, what: &str) -> ! {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashes");
    let file = dir.join(format!("{target}-{seed}.txt"));
    let saved = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&file, what));
    let where_ = if saved.is_ok() { format!("saved to {}", file.display()) } else { "not saved".into() };
    panic!("fuzz {target} (seed {seed}, {where_}): {what}");
}
