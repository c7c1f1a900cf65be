//! How a citizen values a home (GAME.md §3, voice):
//! `U = w_free · (1 − Dom) + w_pros · prosperity + w_kin · kin_share`,
//! tabulated per province and culture so that per-citizen work is a lookup.

use bevy::prelude::Resource;

use super::census::{Census, share};
use super::ids::{CultureId, ProvinceId};
use super::parallel::{PROVINCES_PER_TASK, chunk_ranges, par_each};
use super::rules::CitizenRules;
use super::scoring::ScoreReport;
use super::world::Province;

/// Utility of a home with this domination, prosperity and kin share.
pub fn utility(rules: &CitizenRules, domination: f64, prosperity: f64, kin_share: f64) -> f64 {
    rules.w_free * (1.0 - domination) + rules.w_pros * prosperity + rules.w_kin * kin_share
}

/// The table of this turn: the Voice phase tabulates it and the Exit
/// phase, which comes next and changes none of what it is made of,
/// reads the same (it tabulates its own when no table of this turn is
/// there).
#[derive(Resource, Clone, Debug, Default)]
pub struct Utilities {
    /// The turn it was tabulated in.
    pub turn: Option<u32>,
    /// The table.
    pub table: UtilityTable,
}

impl Utilities {
    /// Tabulates the table of `turn` (see [`UtilityTable::tabulate`]).
    pub fn tabulate(
        &mut self,
        turn: u32,
        rules: &CitizenRules,
        scores: &ScoreReport,
        provinces: &[&Province],
        census: &Census,
    ) {
        self.table.tabulate(rules, scores, provinces, census);
        self.turn = Some(turn);
    }
}

/// Utility of every province for every culture, for commune members and
/// for everyone else.
#[derive(Clone, Debug, Default)]
pub struct UtilityTable {
    cultures: usize,
    plain: Vec<f64>,
    member: Vec<f64>,
}

impl UtilityTable {
    /// Tabulates from the last scoring, the provinces and the census, in
    /// the room the last table took (every entry is written).
    pub fn tabulate(
        &mut self,
        rules: &CitizenRules,
        scores: &ScoreReport,
        provinces: &[&Province],
        census: &Census,
    ) {
        let cultures = census.cultures;
        self.cultures = cultures;
        self.plain.resize(provinces.len() * cultures, 0.0);
        self.member.resize(provinces.len() * cultures, 0.0);
        // A run of provinces with their rows a thread, on large maps.
        let ranges = chunk_ranges(provinces.len(), PROVINCES_PER_TASK);
        let run = ranges.first().map_or(1, |r| r.len().max(1));
        let rows = (run * cultures).max(1);
        let runs = provinces
            .chunks(run)
            .zip(self.plain.chunks_mut(rows))
            .zip(self.member.chunks_mut(rows))
            .map(|((provinces, plain), member)| (provinces, plain, member));
        par_each(runs, |(provinces, plain, member)| {
            let rows = plain.chunks_exact_mut(cultures.max(1));
            for ((province, plain), member) in provinces
                .iter()
                .zip(rows)
                .zip(member.chunks_exact_mut(cultures.max(1)))
            {
                let ledger = scores.provinces.get(province.id.index());
                let dom_plain = ledger.map_or(1.0, |l| l.domination_plain);
                let dom_member = ledger.map_or(1.0, |l| l.domination_member);
                let total = census.population[province.id.index()];
                // Most cultures have no one here: their utility is worked
                // out once.
                let none = (
                    utility(rules, dom_plain, province.prosperity, share(0, total)),
                    utility(rules, dom_member, province.prosperity, share(0, total)),
                );
                for ((&count, plain), member) in census
                    .by_culture_of(province.id)
                    .iter()
                    .zip(plain)
                    .zip(member)
                {
                    (*plain, *member) = if count == 0 {
                        none
                    } else {
                        let kin = share(count, total);
                        (
                            utility(rules, dom_plain, province.prosperity, kin),
                            utility(rules, dom_member, province.prosperity, kin),
                        )
                    };
                }
            }
        });
    }

    /// Utility of province `p` for a citizen of culture `c` outside communes.
    pub fn plain(&self, p: ProvinceId, c: CultureId) -> f64 {
        self.plain[p.index() * self.cultures + c.index()]
    }

    /// Utility of province `p` for a commune member of culture `c`.
    pub fn member(&self, p: ProvinceId, c: CultureId) -> f64 {
        self.member[p.index() * self.cultures + c.index()]
    }

    /// Utility of a citizen's own home.
    pub fn of_home(&self, p: ProvinceId, c: CultureId, in_commune: bool) -> f64 {
        if in_commune {
            self.member(p, c)
        } else {
            self.plain(p, c)
        }
    }
}
