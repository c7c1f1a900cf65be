//! The citizens (GAME.md §2) as dense columns: one vector per field,
//! indexed by citizen id. Citizens are never created or destroyed, so the
//! id is the row; a phase reads only the fields it needs, a pass over a
//! million homes reads 4 MB instead of a hundred, and a citizen costs about
//! 30 bytes. Per-citizen work runs in parallel over consecutive chunks of
//! rows on the compute task pool; results come back in chunk order, so
//! every reduction is the same whatever the number of threads.

use std::ops::Range;

use bevy::prelude::*;

use super::crew;
use super::ids::{CitizenId, CommuneId, CultureId, PolityId, ProvinceId};
use super::parallel::{chunk_ranges, par_each};
use super::world::Citizen;

/// Every citizen, one column per field, row = id.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Citizens {
    /// Where each lives.
    pub home: Vec<ProvinceId>,
    /// Its culture.
    pub culture: Vec<CultureId>,
    /// The polity it lived in at turn 0: its legacy's cohort.
    pub origin: Vec<PolityId>,
    /// Grievance, 0..1.
    pub grievance: Vec<f32>,
    /// Wealth (pays permit fees).
    pub wealth: Vec<f32>,
    /// The commune it belongs to.
    pub commune: Vec<Option<CommuneId>>,
    /// It lives where it does because it was forcibly moved or sorted.
    pub coerced: Vec<bool>,
    /// It protested this turn.
    pub protesting: Vec<bool>,
    /// It would have protested this turn and was silenced by repression.
    pub silenced: Vec<bool>,
}

/// Rows of a chunk this small or smaller are not worth a task on the task
/// pool.
const MIN_CHUNK: usize = 16_384;

/// The same on the turn's spinning helpers, which start at once.
const MIN_CHUNK_WARM: usize = 4_096;

/// The smallest chunk worth a task now. How many chunks the rows are cut
/// into changes the time, never the result (what the chunks give back is
/// added in row order).
fn min_chunk() -> usize {
    if crew::ready() {
        MIN_CHUNK_WARM
    } else {
        MIN_CHUNK
    }
}

impl Citizens {
    /// No citizens yet, room for `n`.
    pub fn with_capacity(n: usize) -> Citizens {
        Citizens {
            home: Vec::with_capacity(n),
            culture: Vec::with_capacity(n),
            origin: Vec::with_capacity(n),
            grievance: Vec::with_capacity(n),
            wealth: Vec::with_capacity(n),
            commune: Vec::with_capacity(n),
            coerced: Vec::with_capacity(n),
            protesting: Vec::with_capacity(n),
            silenced: Vec::with_capacity(n),
        }
    }

    /// Number of citizens.
    pub fn len(&self) -> usize {
        self.home.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.home.is_empty()
    }

    /// Appends a citizen; its id must be the next row.
    pub fn push(&mut self, citizen: Citizen) {
        debug_assert_eq!(citizen.id.index(), self.len(), "citizen ids are rows");
        self.home.push(citizen.home);
        self.culture.push(citizen.culture);
        self.origin.push(citizen.origin);
        self.grievance.push(citizen.grievance);
        self.wealth.push(citizen.wealth);
        self.commune.push(citizen.commune);
        self.coerced.push(citizen.coerced);
        self.protesting.push(citizen.protesting);
        self.silenced.push(citizen.silenced);
    }

    /// The citizen of row `i`, as one value.
    pub fn row(&self, i: usize) -> Citizen {
        Citizen {
            id: CitizenId(i as u32),
            home: self.home[i],
            culture: self.culture[i],
            grievance: self.grievance[i],
            wealth: self.wealth[i],
            commune: self.commune[i],
            origin: self.origin[i],
            coerced: self.coerced[i],
            protesting: self.protesting[i],
            silenced: self.silenced[i],
        }
    }

    /// Every citizen in id order, as values (for saves and tests; phases
    /// read the columns).
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Citizen> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }

    /// Every column, mutably.
    pub fn columns_mut(&mut self) -> ColumnsMut<'_> {
        ColumnsMut {
            start: 0,
            home: &mut self.home,
            culture: &self.culture,
            origin: &self.origin,
            grievance: &mut self.grievance,
            wealth: &mut self.wealth,
            commune: &mut self.commune,
            coerced: &mut self.coerced,
            protesting: &mut self.protesting,
            silenced: &mut self.silenced,
        }
    }

    /// Runs `f` on consecutive ranges of rows, in parallel, and returns
    /// its results in row order.
    pub fn par_ranges<R: Send + 'static>(&self, f: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
        par_each(chunk_ranges(self.len(), min_chunk()), f)
    }

    /// Runs `f` on consecutive chunks of the columns, in parallel, and
    /// returns its results in row order.
    pub fn par_chunks_mut<R: Send + 'static>(
        &mut self,
        f: impl Fn(ColumnsMut<'_>) -> R + Sync,
    ) -> Vec<R> {
        let ranges = chunk_ranges(self.len(), min_chunk());
        let mut chunks = Vec::with_capacity(ranges.len());
        let mut rest = self.columns_mut();
        for range in &ranges {
            let (chunk, tail) = rest.split_at(range.len());
            chunks.push(chunk);
            rest = tail;
        }
        par_each(chunks, f)
    }
}

impl FromIterator<Citizen> for Citizens {
    fn from_iter<I: IntoIterator<Item = Citizen>>(rows: I) -> Self {
        let rows = rows.into_iter();
        let mut citizens = Citizens::with_capacity(rows.size_hint().0);
        for citizen in rows {
            citizens.push(citizen);
        }
        citizens
    }
}

/// A run of consecutive rows, every column mutable but culture and origin,
/// which never change.
#[derive(Debug)]
pub struct ColumnsMut<'a> {
    /// The id of the first row.
    pub start: usize,
    /// Homes.
    pub home: &'a mut [ProvinceId],
    /// Cultures.
    pub culture: &'a [CultureId],
    /// Turn-0 polities.
    pub origin: &'a [PolityId],
    /// Grievances.
    pub grievance: &'a mut [f32],
    /// Wealth.
    pub wealth: &'a mut [f32],
    /// Communes.
    pub commune: &'a mut [Option<CommuneId>],
    /// Coerced.
    pub coerced: &'a mut [bool],
    /// Protesting.
    pub protesting: &'a mut [bool],
    /// Silenced.
    pub silenced: &'a mut [bool],
}

impl<'a> ColumnsMut<'a> {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.home.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.home.is_empty()
    }

    /// The id of row `i` of the chunk.
    pub fn id(&self, i: usize) -> CitizenId {
        CitizenId((self.start + i) as u32)
    }

    /// The first `n` rows and the rest.
    fn split_at(self, n: usize) -> (ColumnsMut<'a>, ColumnsMut<'a>) {
        let (home, home_rest) = self.home.split_at_mut(n);
        let (culture, culture_rest) = self.culture.split_at(n);
        let (origin, origin_rest) = self.origin.split_at(n);
        let (grievance, grievance_rest) = self.grievance.split_at_mut(n);
        let (wealth, wealth_rest) = self.wealth.split_at_mut(n);
        let (commune, commune_rest) = self.commune.split_at_mut(n);
        let (coerced, coerced_rest) = self.coerced.split_at_mut(n);
        let (protesting, protesting_rest) = self.protesting.split_at_mut(n);
        let (silenced, silenced_rest) = self.silenced.split_at_mut(n);
        (
            ColumnsMut {
                start: self.start,
                home,
                culture,
                origin,
                grievance,
                wealth,
                commune,
                coerced,
                protesting,
                silenced,
            },
            ColumnsMut {
                start: self.start + n,
                home: home_rest,
                culture: culture_rest,
                origin: origin_rest,
                grievance: grievance_rest,
                wealth: wealth_rest,
                commune: commune_rest,
                coerced: coerced_rest,
                protesting: protesting_rest,
                silenced: silenced_rest,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citizen(i: u32) -> Citizen {
        Citizen {
            id: CitizenId(i),
            home: ProvinceId(i % 7),
            culture: CultureId(i % 3),
            grievance: i as f32 / 1e6,
            wealth: 1.0,
            commune: i.is_multiple_of(5).then_some(CommuneId(i % 11)),
            origin: PolityId(i % 2),
            coerced: i.is_multiple_of(4),
            protesting: false,
            silenced: false,
        }
    }

    #[test]
    fn rows_come_back_as_they_went_in() {
        let rows: Vec<Citizen> = (0..1000).map(citizen).collect();
        let citizens: Citizens = rows.iter().cloned().collect();
        assert_eq!(citizens.rows().collect::<Vec<_>>(), rows);
    }

    #[test]
    fn chunks_cover_every_row_once_in_order() {
        for len in [0, 1, MIN_CHUNK - 1, MIN_CHUNK * 3 + 5] {
            let ranges = chunk_ranges(len, MIN_CHUNK);
            let rows: Vec<usize> = ranges.into_iter().flatten().collect();
            assert_eq!(rows, (0..len).collect::<Vec<_>>(), "{len}");
        }
        let mut citizens: Citizens = (0..(MIN_CHUNK * 3) as u32).map(citizen).collect();
        let starts = citizens.par_chunks_mut(|chunk| {
            for g in chunk.grievance.iter_mut() {
                *g = 0.5;
            }
            (chunk.start, chunk.len())
        });
        let mut next = 0;
        for (start, len) in starts {
            assert_eq!(start, next);
            next += len;
        }
        assert_eq!(next, citizens.len());
        assert!(citizens.grievance.iter().all(|&g| g == 0.5));
    }
}
