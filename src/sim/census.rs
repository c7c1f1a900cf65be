//! The census (GAME.md §2): per-province tallies of the citizens, by
//! culture, coercion, communes, grievance and protest, recounted from the
//! citizens after every change so that phases read counts, not agents.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::citizens::Citizens;
use std::ops::Range;

use super::ids::{CommuneId, CultureId, PolityId, ProvinceId};
use super::world::{Commune, LevelInfo, Polity, Province};

/// Per-province tallies of citizens, recounted after every change.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Census {
    /// Number of cultures.
    pub cultures: usize,
    /// Agents by province and culture: `by_culture[p * cultures + c]`.
    pub by_culture: Vec<u32>,
    /// Agents by province.
    pub population: Vec<u32>,
    /// Coerced agents by province.
    pub coerced: Vec<u32>,
    /// Commune members by province.
    pub commune_members: Vec<u32>,
    /// Members by commune id.
    pub commune_sizes: Vec<u32>,
    /// Mean grievance by province.
    pub grievance: Vec<f64>,
    /// Protesting agents by province.
    pub protesters: Vec<u32>,
    /// Number of turn-0 polities (cohorts).
    pub origins: usize,
    /// Agents by province and cohort: `by_origin[p * origins + k]`.
    pub by_origin: Vec<u32>,
    /// Coerced agents by province and cohort.
    pub coerced_by_origin: Vec<u32>,
    /// Commune members by province and cohort.
    pub members_by_origin: Vec<u32>,
}

impl Census {
    /// Agents of culture `c` in province `p`.
    pub fn count(&self, p: ProvinceId, c: CultureId) -> u32 {
        self.by_culture[p.index() * self.cultures + c.index()]
    }

    /// Agents of province `p` by culture.
    pub fn by_culture_of(&self, p: ProvinceId) -> &[u32] {
        &self.by_culture[p.index() * self.cultures..(p.index() + 1) * self.cultures]
    }

    /// Share of province `p` that is of culture `c` (0 when empty).
    pub fn kin_share(&self, p: ProvinceId, c: CultureId) -> f64 {
        share(self.count(p, c), self.population[p.index()])
    }
}

/// `count` agents' share of `total` (0 of none).
pub fn share(count: u32, total: u32) -> f64 {
    if total == 0 {
        0.0
    } else {
        f64::from(count) / f64::from(total)
    }
}

/// A grievance in millionths: the census sums grievance in fixed point so
/// that a total does not depend on the order it was added in.
pub fn micros(grievance: f32) -> u64 {
    // Grievance is in 0..1, so the millionths fit 32 bits, whose
    // conversion is one instruction (the same value as converting to 64).
    u64::from((grievance * 1e6) as u32)
}

/// The census of some of the citizens, being counted: one per chunk of
/// rows in a parallel pass, added up in row order. Grievance is summed in
/// fixed point so that the total does not depend on the order or the
/// chunks.
#[derive(Clone, Debug)]
struct Tally {
    census: Census,
    grievance_micros: Vec<u64>,
}

/// One citizen, as the census counts it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Counted {
    /// Its home.
    pub home: ProvinceId,
    /// Its culture.
    pub culture: CultureId,
    /// Its turn-0 polity.
    pub origin: PolityId,
    /// Coerced.
    pub coerced: bool,
    /// Protesting.
    pub protesting: bool,
    /// Its grievance.
    pub grievance: f32,
    /// Its commune.
    pub commune: Option<CommuneId>,
}

impl Counted {
    /// Citizen `i` as it is now.
    pub fn of(citizens: &Citizens, i: usize) -> Counted {
        Counted {
            home: citizens.home[i],
            culture: citizens.culture[i],
            origin: citizens.origin[i],
            coerced: citizens.coerced[i],
            protesting: citizens.protesting[i],
            grievance: citizens.grievance[i],
            commune: citizens.commune[i],
        }
    }
}

impl Tally {
    /// An empty tally for a world of these dimensions.
    fn new(provinces: usize, cultures: usize, origins: usize, communes: usize) -> Tally {
        let cells = provinces * origins;
        Tally {
            census: Census {
                cultures,
                by_culture: vec![0; provinces * cultures],
                population: vec![0; provinces],
                coerced: vec![0; provinces],
                commune_members: vec![0; provinces],
                commune_sizes: vec![0; communes],
                grievance: vec![0.0; provinces],
                protesters: vec![0; provinces],
                origins,
                by_origin: vec![0; cells],
                coerced_by_origin: vec![0; cells],
                members_by_origin: vec![0; cells],
            },
            grievance_micros: vec![0; provinces],
        }
    }

    /// Counts rows `rows` of `citizens`.
    fn count_rows(&mut self, citizens: &Citizens, rows: Range<usize>) {
        for i in rows {
            self.census.include(&Counted::of(citizens, i));
            self.grievance_micros[citizens.home[i].index()] += micros(citizens.grievance[i]);
        }
    }

    /// The census of all the citizens counted by `tallies`.
    fn total(tallies: Vec<Tally>) -> Census {
        let mut tallies = tallies.into_iter();
        let Some(mut sum) = tallies.next() else {
            return Census::default();
        };
        for tally in tallies {
            let (a, b) = (&mut sum.census, tally.census);
            for (x, y) in [
                (&mut a.by_culture, b.by_culture),
                (&mut a.population, b.population),
                (&mut a.coerced, b.coerced),
                (&mut a.commune_members, b.commune_members),
                (&mut a.commune_sizes, b.commune_sizes),
                (&mut a.protesters, b.protesters),
                (&mut a.by_origin, b.by_origin),
                (&mut a.coerced_by_origin, b.coerced_by_origin),
                (&mut a.members_by_origin, b.members_by_origin),
            ] {
                for (x, y) in x.iter_mut().zip(y) {
                    *x += y;
                }
            }
            for (x, y) in sum.grievance_micros.iter_mut().zip(tally.grievance_micros) {
                *x += y;
            }
        }
        let mut census = sum.census;
        census.set_grievance(&sum.grievance_micros);
        census
    }
}

impl Census {
    /// Counts every citizen, in parallel.
    pub fn of(
        citizens: &Citizens,
        provinces: usize,
        cultures: usize,
        origins: usize,
        communes: usize,
    ) -> Census {
        Tally::total(citizens.par_ranges(|rows| {
            let mut tally = Tally::new(provinces, cultures, origins, communes);
            tally.count_rows(citizens, rows);
            tally
        }))
    }

    /// Counts a citizen in every tally but grievance.
    #[inline]
    pub fn include(&mut self, citizen: &Counted) {
        self.adjust(citizen, |n| *n += 1);
    }

    /// Takes a citizen out of every tally but grievance (it changed: it is
    /// then counted again as it is now).
    pub fn exclude(&mut self, citizen: &Counted) {
        self.adjust(citizen, |n| *n -= 1);
    }

    #[inline]
    fn adjust(&mut self, citizen: &Counted, step: impl Fn(&mut u32)) {
        let p = citizen.home.index();
        step(&mut self.by_culture[p * self.cultures + citizen.culture.index()]);
        step(&mut self.population[p]);
        if citizen.coerced {
            step(&mut self.coerced[p]);
        }
        if citizen.protesting {
            step(&mut self.protesters[p]);
        }
        let cohort = p * self.origins + citizen.origin.index();
        if cohort < self.by_origin.len() {
            step(&mut self.by_origin[cohort]);
            if citizen.coerced {
                step(&mut self.coerced_by_origin[cohort]);
            }
            if citizen.commune.is_some() {
                step(&mut self.members_by_origin[cohort]);
            }
        }
        if let Some(commune) = citizen.commune {
            step(&mut self.commune_members[p]);
            if let Some(size) = self.commune_sizes.get_mut(commune.index()) {
                step(size);
            }
        }
    }

    /// Recounts the mean grievance of each province from the citizens
    /// (a pass over homes and grievances alone).
    pub fn recount_grievance(&mut self, citizens: &Citizens) {
        let provinces = self.population.len();
        let sums = citizens.par_ranges(|rows| {
            let mut sums = vec![0u64; provinces];
            for i in rows {
                sums[citizens.home[i].index()] += micros(citizens.grievance[i]);
            }
            sums
        });
        let mut total = vec![0u64; provinces];
        for sums in sums {
            for (t, s) in total.iter_mut().zip(sums) {
                *t += s;
            }
        }
        self.set_grievance(&total);
    }

    /// Sets the mean grievance of each province from sums in millionths.
    pub fn set_grievance(&mut self, micros: &[u64]) {
        for (p, &sum) in micros.iter().enumerate() {
            self.grievance[p] = if self.population[p] > 0 {
                sum as f64 / 1e6 / f64::from(self.population[p])
            } else {
                0.0
            };
        }
    }

    /// A citizen of `home` and `origin` left commune `commune`.
    pub fn left_commune(&mut self, home: ProvinceId, origin: PolityId, commune: CommuneId) {
        let p = home.index();
        self.commune_members[p] -= 1;
        if let Some(cell) = self
            .members_by_origin
            .get_mut(p * self.origins + origin.index())
        {
            *cell -= 1;
        }
        if let Some(size) = self.commune_sizes.get_mut(commune.index()) {
            *size -= 1;
        }
    }

    /// A citizen of `home` and `origin` joined commune `commune` (which
    /// may be new).
    pub fn joined_commune(&mut self, home: ProvinceId, origin: PolityId, commune: CommuneId) {
        let p = home.index();
        self.commune_members[p] += 1;
        if let Some(cell) = self
            .members_by_origin
            .get_mut(p * self.origins + origin.index())
        {
            *cell += 1;
        }
        if self.commune_sizes.len() <= commune.index() {
            self.commune_sizes.resize(commune.index() + 1, 0);
        }
        self.commune_sizes[commune.index()] += 1;
    }
}

/// The census resource; the phases that move people recount it.
pub fn plugin(app: &mut App) {
    app.init_resource::<Census>();
}

/// Recounts the census from the citizens.
pub fn recount_census(
    citizens: Res<Citizens>,
    provinces: Query<&Province>,
    communes: Query<&Commune>,
    level: Res<LevelInfo>,
    mut census: ResMut<Census>,
) {
    *census = Census::of(
        &citizens,
        provinces.iter().len(),
        level.cultures.len(),
        level.origins,
        communes.iter().len(),
    );
}

/// Records each polity's population at the start of a turn record.
pub fn record_population(
    provinces: Query<&Province>,
    mut polities: Query<&mut Polity>,
    census: Res<Census>,
) {
    let mut people = vec![0u32; polities.iter().len()];
    for province in &provinces {
        people[province.owner.index()] += census.population[province.id.index()];
    }
    for mut polity in &mut polities {
        polity.turn.population_start = people[polity.id.index()];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millionths_are_those_of_a_64_bit_conversion_over_the_whole_range() {
        // Every f32 from 0 to 1 (and a little past), as the census sums
        // them: the 32-bit path gives the 64-bit path's value.
        let mut g = 0.0f32;
        while g <= 1.5 {
            assert_eq!(micros(g), (g * 1e6) as u64, "{g}");
            g = f32::from_bits(g.to_bits() + 97);
        }
        assert_eq!(micros(1.0), 1_000_000);
    }
}
