//! A gate for CPU-bound work (Argon2id, SRP verifiers): at most one
//! computation per core at a time.
//!
//! Under load, every sign-up and sign-in runs such work on the blocking
//! thread pool. Unbounded, 200 concurrent sign-ups ran 200 Argon2id hashes
//! at once on 2 cores: each took ~2 s instead of ~50 ms and 200 × 19 MiB was
//! allocated together (BENCHMARKS.md, "The state file: measured, and the
//! choice"). The work
//! itself (and Argon2's parameters) is unchanged; only how much of it runs
//! at once.

use std::sync::{Condvar, Mutex, OnceLock};

struct Gate {
    free: Mutex<usize>,
    freed: Condvar,
}

fn gate() -> &'static Gate {
    static GATE: OnceLock<Gate> = OnceLock::new();
    GATE.get_or_init(|| Gate {
        free: Mutex::new(std::thread::available_parallelism().map_or(2, |n| n.get())),
        freed: Condvar::new(),
    })
}

/// Runs `f` once a core is free. Call it from blocking threads only
/// (`spawn_blocking`): it waits by blocking.
pub fn cpu_bound<R>(f: impl FnOnce() -> R) -> R {
    let gate = gate();
    {
        let mut free = gate.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = gate.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
    }
    // Released even if `f` panics.
    struct Release(&'static Gate);
    impl Drop for Release {
        fn drop(&mut self) {
            *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
            self.0.freed.notify_one();
        }
    }
    let _release = Release(gate);
    f()
}
