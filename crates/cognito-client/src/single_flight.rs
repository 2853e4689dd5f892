//! One piece of work for many callers: while it runs, whoever else asks
//! for it waits for the same result instead of starting it again. The
//! session's refresh goes through one (a timer, a tab coming back, an API
//! call that got 401 and the account page may all ask at once: Cognito
//! gets one `REFRESH_TOKEN_AUTH`).
//!
//! Single-threaded (`!Sync`), runtime-agnostic: std's `Waker` only, so the
//! browser's executor and a native test's both drive it.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Work shared by whoever asks while it runs; see the module documentation.
///
/// ```
/// use cognito_client::single_flight::SingleFlight;
/// let flight = SingleFlight::<u32>::new();
/// let answer = futures_lite_block_on(flight.run(|| async { 42 }));
/// assert_eq!(answer, 42);
/// assert_eq!(flight.started(), 1);
/// # fn futures_lite_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     use std::task::{Context, Poll, Waker};
/// #     let mut f = std::pin::pin!(f);
/// #     let mut cx = Context::from_waker(Waker::noop());
/// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
/// # }
/// ```
pub struct SingleFlight<T> {
    current: RefCell<Option<Rc<Slot<T>>>>,
    started: Cell<u64>,
}

/// The result of one run, shared by its leader and those who joined it.
struct Slot<T> {
    value: RefCell<Option<T>>,
    /// The leader's future was dropped before the work finished.
    abandoned: Cell<bool>,
    waiters: RefCell<Vec<Waker>>,
}

impl<T> Slot<T> {
    fn wake_all(&self) {
        for waker in self.waiters.take() {
            waker.wake();
        }
    }
}

impl<T: Clone> Default for SingleFlight<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone> SingleFlight<T> {
    /// Nothing running.
    pub fn new() -> Self {
        Self {
            current: RefCell::new(None),
            started: Cell::new(0),
        }
    }

    /// Whether work is running now.
    pub fn in_flight(&self) -> bool {
        self.current.borrow().is_some()
    }

    /// How many times work was started (not joined).
    pub fn started(&self) -> u64 {
        self.started.get()
    }

    /// The result of `work`, or of the work already running when called
    /// (then `work` is not run). If the caller running the work goes away
    /// before it finishes, one of those waiting runs its own.
    pub async fn run<F, Fut>(&self, work: F) -> T
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        let mut work = Some(work);
        loop {
            let joined = self.current.borrow().clone();
            match joined {
                Some(slot) => {
                    if let Some(value) = (Join { slot }).await {
                        return value;
                    }
                    // Abandoned: try again (lead, or join whoever leads now).
                }
                None => {
                    let slot = Rc::new(Slot {
                        value: RefCell::new(None),
                        abandoned: Cell::new(false),
                        waiters: RefCell::new(Vec::new()),
                    });
                    *self.current.borrow_mut() = Some(slot.clone());
                    self.started.set(self.started.get() + 1);
                    let lead = Lead {
                        flight: self,
                        slot: slot.clone(),
                        finished: false,
                    };
                    let work = work.take().expect("work runs once: a leader returns");
                    let value = work().await;
                    lead.finish(value.clone());
                    return value;
                }
            }
        }
    }
}

/// Held by the caller running the work: publishes the result, or on drop
/// before that, lets the waiting callers go on.
struct Lead<'a, T> {
    flight: &'a SingleFlight<T>,
    slot: Rc<Slot<T>>,
    finished: bool,
}

impl<T> Lead<'_, T> {
    fn finish(mut self, value: T) {
        *self.slot.value.borrow_mut() = Some(value);
        self.finished = true;
        // Drop clears `current` and wakes the waiters.
    }
}

impl<T> Drop for Lead<'_, T> {
    fn drop(&mut self) {
        if !self.finished {
            self.slot.abandoned.set(true);
        }
        let mut current = self.flight.current.borrow_mut();
        if current.as_ref().is_some_and(|c| Rc::ptr_eq(c, &self.slot)) {
            *current = None;
        }
        drop(current);
        self.slot.wake_all();
    }
}

/// Waits for the run in `slot`: its result, or `None` if it was abandoned.
struct Join<T> {
    slot: Rc<Slot<T>>,
}

impl<T: Clone> Future for Join<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        if let Some(value) = self.slot.value.borrow().as_ref() {
            return Poll::Ready(Some(value.clone()));
        }
        if self.slot.abandoned.get() {
            return Poll::Ready(None);
        }
        let mut waiters = self.slot.waiters.borrow_mut();
        if !waiters.iter().any(|w| w.will_wake(cx.waker())) {
            waiters.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

// Native only: driven by tokio.
#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use std::time::Duration;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    }

    /// Work that takes a few turns of the executor and counts its runs.
    async fn slow_work(runs: &Cell<u32>, answer: u32) -> u32 {
        runs.set(runs.get() + 1);
        for _ in 0..5 {
            tokio::task::yield_now().await;
        }
        answer
    }

    #[test]
    fn many_callers_one_run_one_result() {
        let flight = SingleFlight::new();
        let runs = Cell::new(0);
        let (a, b, c, d, e) = runtime().block_on(async {
            tokio::join!(
                flight.run(|| slow_work(&runs, 1)),
                flight.run(|| slow_work(&runs, 2)),
                flight.run(|| slow_work(&runs, 3)),
                flight.run(|| slow_work(&runs, 4)),
                flight.run(|| slow_work(&runs, 5)),
            )
        });
        assert_eq!(runs.get(), 1, "the work ran once");
        assert_eq!(
            [a, b, c, d, e],
            [1; 5],
            "everyone got the first caller's result"
        );
        assert_eq!(flight.started(), 1);
        assert!(!flight.in_flight());
    }

    #[test]
    fn after_a_run_the_next_call_runs_again() {
        let flight = SingleFlight::new();
        let runs = Cell::new(0);
        let rt = runtime();
        assert_eq!(rt.block_on(flight.run(|| slow_work(&runs, 1))), 1);
        assert_eq!(rt.block_on(flight.run(|| slow_work(&runs, 2))), 2);
        assert_eq!(runs.get(), 2);
        assert_eq!(flight.started(), 2);
    }

    #[test]
    fn a_caller_joining_late_still_gets_the_running_result() {
        let flight = SingleFlight::new();
        let runs = Cell::new(0);
        let (first, late) = runtime().block_on(async {
            tokio::join!(flight.run(|| slow_work(&runs, 7)), async {
                tokio::task::yield_now().await;
                tokio::task::yield_now().await;
                assert!(flight.in_flight());
                flight.run(|| slow_work(&runs, 8)).await
            })
        });
        assert_eq!((first, late), (7, 7));
        assert_eq!(runs.get(), 1);
    }

    #[test]
    fn when_the_leader_goes_away_a_waiting_caller_runs_its_own() {
        let flight = SingleFlight::new();
        let runs = Cell::new(0);
        let (leader, follower) = runtime().block_on(async {
            tokio::join!(
                // Never finishes: cancelled by the timeout.
                tokio::time::timeout(
                    Duration::from_millis(20),
                    flight.run(|| async {
                        runs.set(runs.get() + 1);
                        std::future::pending::<u32>().await
                    })
                ),
                async {
                    tokio::task::yield_now().await;
                    flight.run(|| slow_work(&runs, 9)).await
                }
            )
        });
        assert!(leader.is_err(), "the leader timed out");
        assert_eq!(follower, 9);
        assert_eq!(runs.get(), 2);
        assert!(!flight.in_flight());
    }
}
