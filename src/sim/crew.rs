//! The helpers that share a turn's parallel work with the thread playing
//! it. While a turn is played ([`warm`]) they wait for work by spinning,
//! so that each of the turn's parallel steps starts on every core at once:
//! waking a parked thread costs about 30 µs on a small virtual machine,
//! and a turn has about ten such steps, a tenth of a small world's turn.
//! Between turns they sleep. Work given them outside a turn, from one of
//! them, or while another turn holds them goes back to the caller
//! ([`super::parallel::par_each`] hands it to the task pool).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use rayon::{ThreadPool, ThreadPoolBuilder, Yield};

/// How many helpers the crew gets (threads besides the one playing the
/// turn): set by [`set_helpers`] before the first turn.
static HELPERS: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Pauses between two looks for work.
const SPINS: usize = 32;

/// The helpers, started by the first turn played.
static CREW: OnceLock<Option<Crew>> = OnceLock::new();

/// Gives the crew `helpers` threads when it starts (only a call before the
/// first turn counts; by default, one fewer than the cores).
pub fn set_helpers(helpers: usize) {
    let _ = HELPERS.compare_exchange(usize::MAX, helpers, Ordering::AcqRel, Ordering::Acquire);
}

/// Runs `f` (a turn) with the crew spinning for work; without the crew
/// when the caller is one of rayon's threads (the balance harness plays
/// many turns at once there, and their cores are busy already).
pub fn warm<R>(f: impl FnOnce() -> R) -> R {
    if rayon::current_thread_index().is_some() {
        return f();
    }
    let Some(crew) = crew() else {
        return f();
    };
    crew.warm_by(1);
    // Cooled again even when `f` panics.
    struct Cool(&'static Crew);
    impl Drop for Cool {
        fn drop(&mut self) {
            self.0.warm_by(-1);
        }
    }
    let _cool = Cool(crew);
    f()
}

/// Whether work given now would go to the crew (the crew is warm and free,
/// and the caller is none of its helpers).
pub fn ready() -> bool {
    warm_crew().is_some_and(|crew| !crew.held.load(Ordering::Acquire))
}

/// The crew while a turn keeps it warm, for a caller that is none of its
/// helpers.
fn warm_crew() -> Option<&'static Crew> {
    CREW.get()?.as_ref().filter(|crew| {
        crew.warmth.load(Ordering::Acquire) > 0 && crew.pool.current_thread_index().is_none()
    })
}

/// `f` of each piece, on the crew and the calling thread, results in piece
/// order; the pieces given back when the crew is cold, held by another
/// caller, or the caller is one of its helpers.
pub fn share<T: Send, R: Send, F: Fn(T) -> R + Sync>(
    pieces: Vec<T>,
    f: &F,
) -> Result<Vec<R>, Vec<T>> {
    let Some(crew) = warm_crew().filter(|crew| crew.hold()) else {
        return Err(pieces);
    };
    let _held = Held(&crew.held);
    let count = pieces.len();
    let pieces: Vec<Mutex<Option<T>>> = pieces.into_iter().map(|p| Mutex::new(Some(p))).collect();
    // Each piece's result with its place, in the order they came in.
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(count));
    let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    // Takes the next piece no one has taken, until none is left.
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::AcqRel);
            let Some(piece) = pieces.get(i) else {
                return;
            };
            // Counted even when `f` panics (the scope passes the panic on
            // once every piece is in).
            let _counted = Counted(&done);
            // Each place is taken once, so its piece is there.
            if let Some(piece) = lock(piece).take() {
                let result = f(piece);
                lock(&results).push((i, result));
            }
        }
    };
    crew.pool.in_place_scope(|scope| {
        for _ in 0..crew.pool.current_num_threads().min(count.saturating_sub(1)) {
            scope.spawn(|_| work());
        }
        work();
        // Spinning, not parking: the pieces taken end within the step.
        while done.load(Ordering::Acquire) < count {
            std::hint::spin_loop();
        }
    });
    let mut results = results.into_inner().unwrap_or_else(PoisonError::into_inner);
    results.sort_unstable_by_key(|&(i, _)| i);
    Ok(results.into_iter().map(|(_, result)| result).collect())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Lets the crew go when dropped (a panic passed on included).
struct Held<'a>(&'a AtomicBool);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// Adds one to its count when dropped.
struct Counted<'a>(&'a AtomicUsize);

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// The crew, started at the first call (none without helpers, or where no
/// thread can be started).
fn crew() -> Option<&'static Crew> {
    CREW.get_or_init(|| {
        let helpers = match HELPERS.load(Ordering::Acquire) {
            usize::MAX => std::thread::available_parallelism().map_or(0, |n| n.get() - 1),
            n => n,
        };
        if helpers == 0 {
            return None;
        }
        let pool = ThreadPoolBuilder::new()
            .num_threads(helpers)
            .thread_name(|k| format!("turn helper {k}"))
            .build()
            .ok()?;
        Some(Crew {
            pool,
            warmth: AtomicUsize::new(0),
            warming: Mutex::new(()),
            held: AtomicBool::new(false),
        })
    })
    .as_ref()
}

struct Crew {
    pool: ThreadPool,
    /// Turns being played: the helpers spin while it is above 0.
    warmth: AtomicUsize,
    /// Held while the warmth changes.
    warming: Mutex<()>,
    /// A caller holds the crew.
    held: AtomicBool,
}

impl Crew {
    fn warm_by(&'static self, by: isize) {
        let _warming = self.warming.lock().unwrap_or_else(PoisonError::into_inner);
        if by > 0 {
            if self.warmth.fetch_add(1, Ordering::AcqRel) == 0 {
                // Each helper spins, taking whatever is given, until the
                // last turn ends.
                self.pool.spawn_broadcast(move |_| {
                    while self.warmth.load(Ordering::Acquire) > 0 {
                        if self.pool.yield_now() != Some(Yield::Executed) {
                            for _ in 0..SPINS {
                                std::hint::spin_loop();
                            }
                        }
                    }
                });
            }
        } else {
            self.warmth.fetch_sub(1, Ordering::AcqRel);
        }
    }

    fn hold(&self) -> bool {
        self.held
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warm_crew_works_every_piece_in_order_and_passes_panics_on() {
        set_helpers(1);
        warm(|| {
            for len in [1, 2, 5, 64] {
                match share((0..len).collect(), &|i: usize| i * i) {
                    Ok(squares) => {
                        assert_eq!(squares, (0..len).map(|i| i * i).collect::<Vec<_>>());
                    }
                    // Another test's turn holds the crew.
                    Err(pieces) => assert_eq!(pieces, (0..len).collect::<Vec<_>>()),
                }
            }
            let panicked = std::panic::catch_unwind(|| {
                share((0..4).collect(), &|i: usize| {
                    assert!(i != 3, "piece 3");
                    i
                })
            });
            assert!(matches!(panicked, Err(_) | Ok(Err(_))));
            // Work given from within a piece goes back to its caller (the
            // crew is held) instead of waiting for itself.
            let nested = share(vec![1, 2, 3], &|i: i32| {
                share(vec![i], &|j: i32| j * 10).map_or_else(|pieces| pieces[0], |r| r[0])
            });
            if let Ok(nested) = nested {
                assert_eq!(nested, vec![1, 2, 3]);
            }
            // The crew is free again after a panic.
            let again = (0..1000).find_map(|_| {
                let sum = share(vec![1, 2], &|i: i32| i + 1).ok();
                if sum.is_none() {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                sum
            });
            assert_eq!(again, Some(vec![2, 3]));
        });
    }
}
