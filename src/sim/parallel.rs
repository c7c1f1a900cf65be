//! Per-province work in parallel: a map over indices on the compute task
//! pool whose results come back in index order, so that whatever adds them
//! up afterwards adds them in the same order whatever the number of
//! threads.

use std::ops::Range;

use bevy::tasks::{ComputeTaskPool, TaskPool};

use super::crew;

/// Provinces below which a share of the per-province work is not worth a
/// task.
pub const PROVINCES_PER_TASK: usize = 512;

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
    // On the turn's helpers while a turn is played, else on the pool.
    let work = match crew::share(work, &f) {
        Ok(results) => return results,
        Err(work) => work,
    };
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

/// `f(first, slice)` over one slice of `items` per thread, `first` being
/// the index of the slice's first item (one slice when there are fewer
/// than `min_chunk` items to a thread).
pub fn par_slices_mut<T: Send>(
    items: &mut [T],
    min_chunk: usize,
    f: impl Fn(usize, &mut [T]) + Sync,
) {
    par_rows_mut(items, 1, min_chunk, f);
}

/// `f(first, rows)` over one run of whole rows of `row_len` items per
/// thread, `first` being the index of the run's first row (one run when
/// there are fewer than `min_rows` rows to a thread); what each run gives
/// back, in order. `items` holds whole rows; when it holds none, `f` is
/// not called.
pub fn par_rows_mut<T: Send, R: Send + 'static>(
    items: &mut [T],
    row_len: usize,
    min_rows: usize,
    f: impl Fn(usize, &mut [T]) -> R + Sync,
) -> Vec<R> {
    let row_len = row_len.max(1);
    debug_assert_eq!(items.len() % row_len, 0, "whole rows");
    let ranges = chunk_ranges(items.len() / row_len, min_rows);
    let rows = ranges.first().map_or(1, |r| r.len().max(1));
    par_each(items.chunks_mut(rows * row_len).enumerate(), |(k, run)| {
        f(k * rows, run)
    })
}

/// `f` of every item (a few heavy items of unequal size), the items cut
/// into one run per thread of about equal `weight`, each run on a task of
/// its own; results in item order.
pub fn par_each_mut<T: Send, R: Send + 'static>(
    items: &mut [T],
    weight: impl Fn(&T) -> usize,
    f: impl Fn(&mut T) -> R + Sync,
) -> Vec<R> {
    let threads = pool().thread_num().max(1);
    let total: usize = items.iter().map(&weight).sum();
    let share = total.div_ceil(threads).max(1);
    let mut runs = Vec::with_capacity(threads);
    let mut rest = items;
    while !rest.is_empty() {
        let mut end = 0;
        let mut run_weight = 0;
        while end < rest.len() && (end == 0 || run_weight < share) {
            run_weight += weight(&rest[end]);
            end += 1;
        }
        if runs.len() + 1 == threads {
            end = rest.len();
        }
        let (run, tail) = rest.split_at_mut(end);
        runs.push(run);
        rest = tail;
    }
    par_each(runs, |run| run.iter_mut().map(&f).collect::<Vec<R>>())
        .into_iter()
        .flatten()
        .collect()
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
        let doubled = par_each_mut(
            &mut items,
            |&x| x as usize,
            |x| {
                *x += 1;
                *x * 2
            },
        );
        assert_eq!(doubled, (1..=100).map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(items, (1..=100).collect::<Vec<_>>());
        // One heavy item last (the world's tally after the polities').
        let mut items: Vec<u64> = (0..10).chain([1000]).collect();
        let doubled = par_each_mut(&mut items, |&x| x as usize, |x| *x * 2);
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn runs_of_rows_are_whole_rows_and_know_where_they_start() {
        for (rows, row_len) in [(0, 3), (1, 3), (7, 1), (1000, 8), (4097, 5)] {
            let mut items: Vec<usize> = vec![0; rows * row_len];
            let firsts = par_rows_mut(&mut items, row_len, 16, |first, run| {
                assert_eq!(run.len() % row_len, 0, "whole rows");
                for (k, row) in run.chunks_exact_mut(row_len).enumerate() {
                    row.fill(first + k);
                }
                first
            });
            let expected: Vec<usize> = (0..rows)
                .flat_map(|r| [r; 8].into_iter().take(row_len))
                .collect();
            assert_eq!(items, expected);
            assert!(firsts.windows(2).all(|w| w[0] < w[1]), "in order");
        }
        // Rows of nothing (no cultures): nothing to call.
        let mut none: Vec<usize> = Vec::new();
        assert!(par_rows_mut(&mut none, 0, 16, |first, _| first).is_empty());
    }
}
