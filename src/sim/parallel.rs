//! Per-province work in parallel: a map over indices on the compute task
//! pool whose results come back in index order, so that whatever adds them
//! up afterwards adds them in the same order whatever the number of
//! threads.

use std::ops::Range;

use bevy::tasks::{ComputeTaskPool, TaskPool};

/// The pool parallel work runs on (`simulation::init_task_pool` sizes it).
pub fn pool() -> &'static TaskPool {
    ComputeTaskPool::get_or_init(TaskPool::default)
}

/// `len` items cut into one range per thread, or one range when they are
/// fewer than `min_chunk` to a thread.
pub fn chunk_ranges(len: usize, min_chunk: usize) -> Vec<Range<usize>> {
    let chunks = pool().thread_num().min(len / min_chunk.max(1)).max(1);
    let size = len.div_ceil(chunks);
    (0..chunks)
        .map(|k| (k * size).min(len)..((k + 1) * size).min(len))
        .collect()
}

/// `f` of each piece of work, each on a task of its own (on the calling
/// thread when there is one piece, or one thread), results in order.
pub fn par_each<T: Send, R: Send + 'static>(
    work: impl IntoIterator<Item = T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let work: Vec<T> = work.into_iter().collect();
    if work.len() <= 1 || pool().thread_num() <= 1 {
        return work.into_iter().map(f).collect();
    }
    let f = &f;
    pool().scope(|s| {
        for piece in work {
            s.spawn(async move { f(piece) });
        }
    })
}

/// `f` of every index below `len`, in order, computed in parallel when
/// there are at least `min_chunk` indices to a thread.
pub fn par_map<T: Send + 'static>(
    len: usize,
    min_chunk: usize,
    f: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    par_each(chunk_ranges(len, min_chunk), |range| {
        range.map(&f).collect::<Vec<T>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// `f` of every item, each on a task of its own (for a few heavy items of
/// unequal size), results in item order.
pub fn par_each_mut<T: Send, R: Send + 'static>(
    items: &mut [T],
    f: impl Fn(&mut T) -> R + Sync,
) -> Vec<R> {
    par_each(items.iter_mut(), f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_index_order() {
        for len in [0, 1, 7, 1000, 4097] {
            let squares = par_map(len, 16, |i| i * i);
            assert_eq!(squares, (0..len).map(|i| i * i).collect::<Vec<_>>());
            let rows: Vec<usize> = chunk_ranges(len, 16).into_iter().flatten().collect();
            assert_eq!(rows, (0..len).collect::<Vec<_>>());
        }
        let mut items: Vec<u64> = (0..100).collect();
        let doubled = par_each_mut(&mut items, |x| {
            *x += 1;
            *x * 2
        });
        assert_eq!(doubled, (1..=100).map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(items, (1..=100).collect::<Vec<_>>());
    }
}
