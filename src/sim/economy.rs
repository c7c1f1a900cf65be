//! Economy phase (GAME.md §3.3): each province's prosperity moves toward a
//! target set by its population against its capacity (empty and
//! overcrowded provinces both decline), trade with neighbours across open
//! borders, infrastructure, and the ruler's extraction (`α_ruler · s_ruler`
//! takes a share).

use bevy::prelude::*;

use super::census::Census;
use super::citizens::Citizens;
use super::geography::Geography;
use super::ids::sorted;
use super::parallel::{PROVINCES_PER_TASK, par_map};
use super::rules::{EconomyRules, Rules};
use super::schedule::{Turn, TurnPhase};
use super::scoring::formulas::intimacy;
use super::world::{BorderPolicy, Federations, LevelInfo, Polity, Power, Province};

/// The Economy phase's systems.
pub fn plugin(app: &mut App) {
    app.add_systems(
        Turn,
        (prosperity_phase, wealth_phase)
            .chain()
            .in_set(TurnPhase::Economy),
    );
}

/// Mean prosperity of each polity's provinces, by polity id.
pub fn mean_prosperity(provinces: &[&Province], polities: usize) -> Vec<f64> {
    let mut sum = vec![0.0; polities];
    let mut count = vec![0u32; polities];
    for p in provinces {
        sum[p.owner.index()] += p.prosperity;
        count[p.owner.index()] += 1;
    }
    sum.iter()
        .zip(&count)
        .map(|(s, &n)| if n > 0 { s / f64::from(n) } else { 0.0 })
        .collect()
}

/// How well a province's population fits its capacity: rises while it
/// fills up to `peak` (a share of capacity), then falls as it crowds: to
/// half at capacity, to nothing at `1 + (1 − peak)`. Crowding at a
/// destination and relief at home are what close a migration gap.
pub fn crowding(population: f64, capacity: f64, peak: f64) -> f64 {
    let load = population / capacity.max(1.0);
    let peak = peak.clamp(0.05, 1.0);
    if load <= peak {
        (load / peak).sqrt()
    } else {
        (1.0 - 0.5 * (load - peak) / (1.0 - peak).max(0.05)).max(0.0)
    }
}

/// The prosperity a province tends toward.
pub fn target_prosperity(
    rules: &EconomyRules,
    crowding: f64,
    trade: f64,
    infrastructure: f64,
    goods: f64,
    extraction: f64,
) -> f64 {
    let base = rules.crowding * crowding
        + rules.trade * trade
        + rules.infrastructure * infrastructure
        + rules.public_goods * goods;
    (base * (1.0 - rules.extraction * extraction)).clamp(0.0, 1.0)
}

/// How well a constitution provides a province's public goods (GAME.md §3
/// trade-offs), 0..1: each tier's share weighted by how nimble it is over
/// its jurisdiction, `ι(N)` of scoring (1 up to 100 people, 0.5 at 1,000,
/// 0.2 at a million), so that direct rule of many people is slow and
/// councils of a thousand are nimble; the citizens deciding for themselves
/// count at `citizens_goods`.
pub fn public_goods(rules: &Rules, power: &Power, polity_people: f64, province_people: f64) -> f64 {
    goods_under(rules, power, intimacy(polity_people), province_people)
}

/// [`public_goods`] under a ruler whose intimacy with its whole polity is
/// `ruler_intimacy` (the same for every province of the polity).
fn goods_under(rules: &Rules, power: &Power, ruler_intimacy: f64, province_people: f64) -> f64 {
    let municipal = province_people.min(rules.scoring.municipal_jurisdiction);
    power.ruler * ruler_intimacy
        + power.province * intimacy(province_people)
        + power.municipal * intimacy(municipal)
        + power.citizens * rules.economy.citizens_goods
}

/// Prosperity of every province.
pub fn prosperity_phase(
    mut provinces: Query<&mut Province>,
    polities: Query<&Polity>,
    census: Res<Census>,
    geography: Res<Geography>,
    federations: Res<Federations>,
    level: Res<LevelInfo>,
    rules: Res<Rules>,
) {
    let polities = sorted(polities.iter(), |p| p.id);
    let mut provinces = sorted(provinces.iter_mut(), |p| p.id);
    let before: Vec<f64> = provinces.iter().map(|p| p.prosperity).collect();
    let owners: Vec<_> = provinces.iter().map(|p| p.owner).collect();
    let scale = f64::from(level.scale);
    let mut polity_people = vec![0.0; polities.len()];
    for province in &provinces {
        polity_people[province.owner.index()] +=
            f64::from(census.population[province.id.index()]) * scale;
    }
    let ruler_intimacy: Vec<f64> = polity_people.iter().map(|&n| intimacy(n)).collect();
    // Each province's new prosperity from last turn's, in parallel on
    // large maps.
    let after = par_map(provinces.len(), PROVINCES_PER_TASK, |i| {
        let province = &*provinces[i];
        let owner = polities[province.owner.index()];
        let neighbours = &geography.neighbours[province.id.index()];
        let trade = if neighbours.is_empty() {
            0.0
        } else {
            neighbours
                .iter()
                .map(|q| {
                    // Most neighbours are the owner's own.
                    let open = owners[q.index()] == owner.id || {
                        let other = polities[owners[q.index()].index()];
                        federations.allied(owner.federation, other.federation)
                            || (owner.borders.exit != BorderPolicy::Closed
                                && other.borders.entry != BorderPolicy::Closed)
                    };
                    if open { before[q.index()] } else { 0.0 }
                })
                .sum::<f64>()
                / neighbours.len() as f64
        };
        let target = target_prosperity(
            &rules.economy,
            crowding(
                f64::from(census.population[province.id.index()]),
                f64::from(province.capacity),
                rules.economy.crowding_peak,
            ),
            trade,
            province.infrastructure,
            goods_under(
                &rules,
                &owner.power,
                ruler_intimacy[owner.id.index()],
                f64::from(census.population[province.id.index()]) * scale,
            ),
            owner.ruler.authority * owner.power.ruler,
        );
        let moved = province.prosperity + rules.economy.adjustment * (target - province.prosperity);
        moved.clamp(0.0, 1.0)
    });
    for (province, prosperity) in provinces.iter_mut().zip(after) {
        province.prosperity = prosperity;
    }
}

/// Citizens gain wealth in prosperous homes and lose it in poor ones.
pub fn wealth_phase(
    mut citizens: ResMut<Citizens>,
    provinces: Query<&Province>,
    rules: Res<Rules>,
) {
    let rate = rules.citizens.wealth_rate;
    // What a home adds to (or takes from) the wealth of each who lives there.
    let change: Vec<f32> = sorted(provinces.iter(), |p| p.id)
        .iter()
        .map(|p| (rate * (p.prosperity - 0.5)) as f32)
        .collect();
    citizens.par_chunks_mut(|c| {
        for (wealth, home) in c.wealth.iter_mut().zip(c.home.iter()) {
            *wealth = (*wealth + change[home.index()]).clamp(0.0, 10.0);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn councils_provide_public_goods_better_than_a_distant_ruler() {
        let rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
        let direct = Power {
            ruler: 1.0,
            province: 0.0,
            municipal: 0.0,
            citizens: 0.0,
        };
        let councils = Power {
            ruler: 0.0,
            province: 0.0,
            municipal: 1.0,
            citizens: 0.0,
        };
        let big = (1_000_000.0, 250_000.0);
        let tiny = (100.0, 100.0);
        let goods =
            |p: &Power, (polity, province): (f64, f64)| public_goods(&rules, p, polity, province);
        assert!(goods(&councils, big) > 2.0 * goods(&direct, big));
        // A ruler of a hundred people is as close as a council.
        assert!((goods(&direct, tiny) - goods(&councils, tiny)).abs() < 1e-12);
        // Better public goods, more prosperity.
        let r = &rules.economy;
        assert!(
            target_prosperity(r, 0.8, 0.3, 0.2, goods(&councils, big), 0.0)
                > target_prosperity(r, 0.8, 0.3, 0.2, goods(&direct, big), 0.0)
        );
    }

    #[test]
    fn empty_and_overcrowded_provinces_decline() {
        assert!(crowding(0.0, 100.0, 0.7) < crowding(50.0, 100.0, 0.7));
        assert_eq!(crowding(70.0, 100.0, 0.7), 1.0);
        assert!(crowding(90.0, 100.0, 0.7) < crowding(70.0, 100.0, 0.7));
        assert!((crowding(100.0, 100.0, 0.7) - 0.5).abs() < 1e-12);
        assert!(crowding(100.0, 100.0, 0.7) > crowding(120.0, 100.0, 0.7));
        assert_eq!(crowding(300.0, 100.0, 0.7), 0.0);
    }

    #[test]
    fn trade_helps_and_extraction_hurts() {
        let r = Rules::base().unwrap_or_else(|e| panic!("{e}")).economy;
        let closed = target_prosperity(&r, 0.8, 0.0, 0.2, 0.3, 0.0);
        let trading = target_prosperity(&r, 0.8, 0.6, 0.2, 0.3, 0.0);
        let extracted = target_prosperity(&r, 0.8, 0.6, 0.2, 0.3, 0.9);
        assert!(trading > closed);
        assert!(extracted < trading);
    }
}
