//! How a citizen values a home (GAME.md §3, voice):
//! `U = w_free · (1 − Dom) + w_pros · prosperity + w_kin · kin_share`,
//! tabulated per province and culture so that per-citizen work is a lookup.

use super::census::Census;
use super::ids::{CultureId, ProvinceId};
use super::rules::CitizenRules;
use super::scoring::ScoreReport;
use super::world::Province;

/// Utility of a home with this domination, prosperity and kin share.
pub fn utility(rules: &CitizenRules, domination: f64, prosperity: f64, kin_share: f64) -> f64 {
    rules.w_free * (1.0 - domination) + rules.w_pros * prosperity + rules.w_kin * kin_share
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
    /// Tabulates from the last scoring, the provinces and the census.
    pub fn new(
        rules: &CitizenRules,
        scores: &ScoreReport,
        provinces: &[&Province],
        census: &Census,
    ) -> Self {
        let cultures = census.cultures;
        let mut plain = Vec::with_capacity(provinces.len() * cultures);
        let mut member = Vec::with_capacity(provinces.len() * cultures);
        for province in provinces {
            let ledger = scores.provinces.get(province.id.index());
            let dom_plain = ledger.map_or(1.0, |l| l.domination_plain);
            let dom_member = ledger.map_or(1.0, |l| l.domination_member);
            for c in 0..cultures {
                let kin = census.kin_share(province.id, CultureId(c as u32));
                plain.push(utility(rules, dom_plain, province.prosperity, kin));
                member.push(utility(rules, dom_member, province.prosperity, kin));
            }
        }
        UtilityTable {
            cultures,
            plain,
            member,
        }
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
