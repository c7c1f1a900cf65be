//! The census (GAME.md §2): per-province tallies of the citizens, by
//! culture, coercion, communes, grievance and protest, recounted from the
//! citizens after every change so that phases read counts, not agents.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::ids::{CultureId, ProvinceId};
use super::world::{Citizen, Commune, LevelInfo, Polity, Province, TurnStats};

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

    /// Share of province `p` that is of culture `c` (0 when empty).
    pub fn kin_share(&self, p: ProvinceId, c: CultureId) -> f64 {
        let total = self.population[p.index()];
        if total == 0 {
            0.0
        } else {
            f64::from(self.count(p, c)) / f64::from(total)
        }
    }

    /// Recounts everything from the citizens and communes, in place,
    /// reusing the tallies' memory (the cohort tallies are provinces ×
    /// turn-0 polities cells, recounted several times a turn).
    pub fn refill<'a>(
        &mut self,
        provinces: usize,
        cultures: usize,
        origins: usize,
        communes: usize,
        citizens: impl Iterator<Item = &'a Citizen>,
    ) {
        fn zeroed<T: Copy + Default>(v: &mut Vec<T>, len: usize) {
            v.clear();
            v.resize(len, T::default());
        }
        let census = self;
        let cells = provinces * origins;
        census.cultures = cultures;
        census.origins = origins;
        zeroed(&mut census.by_culture, provinces * cultures);
        zeroed(&mut census.population, provinces);
        zeroed(&mut census.coerced, provinces);
        zeroed(&mut census.commune_members, provinces);
        zeroed(&mut census.commune_sizes, communes);
        zeroed(&mut census.grievance, provinces);
        zeroed(&mut census.protesters, provinces);
        zeroed(&mut census.by_origin, cells);
        zeroed(&mut census.coerced_by_origin, cells);
        zeroed(&mut census.members_by_origin, cells);
        // Grievance is summed in fixed point so that the total does not
        // depend on iteration order.
        let mut grievance_micros = vec![0u64; provinces];
        for citizen in citizens {
            let p = citizen.home.index();
            census.by_culture[p * cultures + citizen.culture.index()] += 1;
            census.population[p] += 1;
            census.coerced[p] += u32::from(citizen.coerced);
            census.protesters[p] += u32::from(citizen.protesting);
            grievance_micros[p] += (citizen.grievance * 1e6) as u64;
            let cohort = p * origins + citizen.origin.index();
            if let Some(slot) = census.by_origin.get_mut(cohort) {
                *slot += 1;
                if citizen.coerced {
                    census.coerced_by_origin[cohort] += 1;
                }
                if citizen.commune.is_some() {
                    census.members_by_origin[cohort] += 1;
                }
            }
            if let Some(commune) = citizen.commune {
                census.commune_members[p] += 1;
                if let Some(size) = census.commune_sizes.get_mut(commune.index()) {
                    *size += 1;
                }
            }
        }
        for (p, micros) in grievance_micros.into_iter().enumerate() {
            if census.population[p] > 0 {
                census.grievance[p] = micros as f64 / 1e6 / f64::from(census.population[p]);
            }
        }
    }
}

/// The census resource; the phases that move people recount it.
pub fn plugin(app: &mut App) {
    app.init_resource::<Census>();
}

/// Recounts the census from the citizens.
pub fn recount_census(
    citizens: Query<&Citizen>,
    provinces: Query<&Province>,
    communes: Query<&Commune>,
    level: Res<LevelInfo>,
    mut census: ResMut<Census>,
) {
    census.refill(
        provinces.iter().len(),
        level.cultures.len(),
        level.origins,
        communes.iter().len(),
        citizens.iter(),
    );
}

/// True when orders moved or coerced people this turn (forced sorting,
/// annexation), so the census must be recounted before the next phases
/// read it.
pub fn people_were_moved(stats: Res<TurnStats>) -> bool {
    stats.forced_moves > 0 || stats.annexed > 0
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
