//! Exit phase (GAME.md §3.5): each citizen compares its home with every
//! province within reach whose polity admits it,
//! `gain = U(dest) − U(home) − move_cost · hops`, and tries to move with a
//! probability rising with gain and grievance. Voice comes first: only the
//! aggrieved, or those with a much better home in reach, try. A `Closed`
//! exit blocks the move and counts as a blocked exit; `Permit` charges a
//! fee and lets half through.

use std::collections::BTreeMap;

use bevy::prelude::*;

use super::admission::Admitted;
use super::census::{Census, micros};
use super::citizens::{Citizens, ColumnsMut};
use super::geography::Geography;
use super::ids::{CultureId, FederationId, ProvinceId, sorted};
use super::parallel::{PROVINCES_PER_TASK, par_rows_mut};
use super::rng::{DrawPhase, TurnDraws};
use super::rules::{CitizenRules, Rules};
use super::schedule::{Turn, TurnPhase};
use super::scoring::{Scores, formulas};
use super::utility::{Utilities, UtilityTable};
use super::world::{BorderPolicy, Clock, Federations, Polity, Province, TurnStats};

/// The Exit phase's resources and systems.
pub fn plugin(app: &mut App) {
    app.init_resource::<ExitOptions>();
    app.init_resource::<Attempts>();
    app.add_systems(
        Turn,
        (decide_exits, tally_exits).chain().in_set(TurnPhase::Exit),
    );
}

/// The best destination for each province and culture (up to date for
/// those with people in them; the others are not read).
#[derive(Resource, Clone, Debug, Default)]
pub struct ExitOptions {
    cultures: usize,
    best: Vec<Choice>,
    /// Citizens (agents) per polity who can see a better home abroad.
    pub visible: Vec<u32>,
}

/// A destination and its value `U(dest) − c_q`, with
/// `c_q = move_cost · hops · (1 − infrastructure of home)` as in scoring.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Destination {
    /// Where.
    pub province: ProvinceId,
    /// Its value before subtracting the value of home.
    pub value: f64,
    /// True when it belongs to another polity (borders apply).
    pub foreign: bool,
    /// How much room it has left (1 under 90 % of capacity, 0 when full).
    pub room: f64,
}

/// The best destination of the people of one culture in one province, and
/// what moving there gains one who is not in a commune and one who is
/// (`−∞` when there is nowhere to go).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Choice {
    destination: Option<Destination>,
    gain: [f64; 2],
}

impl Choice {
    const NONE: Choice = Choice {
        destination: None,
        gain: [f64::NEG_INFINITY; 2],
    };
}

impl ExitOptions {
    fn get(&self, p: ProvinceId, c: CultureId) -> Choice {
        self.best[p.index() * self.cultures + c.index()]
    }
}

/// Writes into `options` the best destination of each province's people,
/// culture by culture, among the provinces in reach that admit them and
/// have room; and how many people of each polity can see a better home
/// abroad that admits them, full or not (a full home is seen, not
/// reached: what the people know of a freer life next door drains a
/// repressive regime all the same).
#[allow(clippy::too_many_arguments)]
fn exit_options(
    provinces: &[&Province],
    polities: &[&Polity],
    census: &Census,
    table: &UtilityTable,
    admitted: &Admitted,
    rules: &Rules,
    options: &mut ExitOptions,
) {
    let cultures = census.cultures;
    let move_cost = rules.scoring.move_cost;
    let room: Vec<f64> = provinces
        .iter()
        .map(|p| {
            formulas::room(
                f64::from(census.population[p.id.index()]),
                f64::from(p.capacity),
            )
        })
        .collect();

    // Only the rows of a province and culture with people in it are read
    // (each citizen reads its own), so only those are written: the others
    // keep what they held, instead of the whole table (a few megabytes on
    // a large map) being cleared every turn.
    if options.cultures != cultures {
        options.best.clear();
    }
    options.cultures = cultures;
    options
        .best
        .resize(provinces.len() * cultures, Choice::NONE);
    // A run of provinces on each thread, each writing its own rows: each
    // province's best destination for each culture, and how many of its
    // people see a better home abroad.
    let per_run = par_rows_mut(
        &mut options.best,
        cultures,
        PROVINCES_PER_TASK,
        |first, rows| {
            let mut seeing = Vec::with_capacity(rows.len() / cultures.max(1));
            for (province, best) in provinces[first..]
                .iter()
                .zip(rows.chunks_exact_mut(cultures.max(1)))
            {
                if census.population[province.id.index()] == 0 {
                    // No one to move or to see: nothing to weigh.
                    seeing.push(0);
                    continue;
                }
                // Scoring's `moving_cost`, with the per-hop part taken once per
                // province (the grouping is kept: it decides ties in play).
                let per_hop = move_cost * (1.0 - province.infrastructure);
                // Destinations that admit these people (a full one can be
                // seen, not moved to).
                let ways = admitted.of(province.id);
                let mut people_seeing = 0;
                let counts = census.by_culture_of(province.id);
                for (c, (best, &count)) in best.iter_mut().zip(counts).enumerate() {
                    let c = CultureId(c as u32);
                    if count == 0 {
                        continue;
                    }
                    let mut choice: Option<Destination> = None;
                    let mut best_foreign = f64::NEG_INFINITY;
                    for way in ways {
                        let q = way.province;
                        let cost = (per_hop * f64::from(way.hops)).min(1.0);
                        let value = table.plain(q, c) - cost;
                        if way.foreign {
                            best_foreign = best_foreign.max(value);
                        }
                        if room[q.index()] > 0.0 && choice.is_none_or(|b| value > b.value) {
                            choice = Some(Destination {
                                province: q,
                                value,
                                foreign: way.foreign,
                                room: room[q.index()],
                            });
                        }
                    }
                    if best_foreign > table.plain(province.id, c) {
                        people_seeing += count;
                    }
                    // What moving gains, as each who weighs it reckons it.
                    let gain = |in_commune| {
                        choice.map_or(f64::NEG_INFINITY, |dest| {
                            dest.value - table.of_home(province.id, c, in_commune)
                        })
                    };
                    *best = Choice {
                        destination: choice,
                        gain: [gain(false), gain(true)],
                    };
                }
                seeing.push(people_seeing);
            }
            seeing
        },
    );
    options.visible.clear();
    options.visible.resize(polities.len(), 0);
    for (province, people) in provinces.iter().zip(per_run.into_iter().flatten()) {
        options.visible[province.owner.index()] += people;
    }
}

/// This turn's attempts to leave: the movers by id (once tallied, those
/// who go), and the blocked by province of origin with the grievance
/// their blocking added (in millionths, for the census).
#[derive(Resource, Clone, Debug, Default)]
pub struct Attempts {
    /// `(citizen, from, to)`, in id order.
    pub movers: Vec<(u32, ProvinceId, ProvinceId)>,
    /// Blocked exits by province.
    pub blocked: Vec<u32>,
    /// Grievance added by blocking, by province, in millionths.
    pub blocked_grievance: Vec<u64>,
}

/// Decides who tries to move and whether the border lets them.
#[allow(clippy::too_many_arguments)]
pub fn decide_exits(
    mut citizens: ResMut<Citizens>,
    mut attempts: ResMut<Attempts>,
    provinces: Query<&Province>,
    polities: Query<&Polity>,
    census: Res<Census>,
    scores: Res<Scores>,
    geography: Res<Geography>,
    federations: Res<Federations>,
    rules: Res<Rules>,
    clock: Res<Clock>,
    mut options: ResMut<ExitOptions>,
    mut utilities: ResMut<Utilities>,
    mut admitted: ResMut<Admitted>,
) {
    let provinces = sorted(provinces.iter(), |p| p.id);
    let polities = sorted(polities.iter(), |p| p.id);
    if utilities.turn != Some(clock.turn) {
        utilities.tabulate(
            clock.turn,
            &rules.citizens,
            &scores.current,
            &provinces,
            &census,
        );
    }
    let table = &utilities.table;
    admitted.refresh(&provinces, &polities, &geography, &federations);
    exit_options(
        &provinces,
        &polities,
        &census,
        table,
        &admitted,
        &rules,
        &mut options,
    );

    let crossing = Crossing {
        exit: provinces
            .iter()
            .map(|p| polities[p.owner.index()].borders.exit)
            .collect(),
        federation: provinces
            .iter()
            .map(|p| polities[p.owner.index()].federation)
            .collect(),
        entry: provinces
            .iter()
            .map(|p| polities[p.owner.index()].borders.entry)
            .collect(),
        draws: TurnDraws::new(clock.seed, clock.turn),
    };
    let options = &*options;
    let count = provinces.len();
    let decided = citizens.par_chunks_mut(|c| try_leaving(c, options, &crossing, &rules.citizens));
    attempts.movers.clear();
    attempts.blocked = vec![0; count];
    attempts.blocked_grievance = vec![0; count];
    for chunk in decided {
        attempts.movers.extend(chunk.movers);
        for (total, n) in attempts.blocked.iter_mut().zip(chunk.blocked) {
            *total += n;
        }
        for (total, n) in attempts
            .blocked_grievance
            .iter_mut()
            .zip(chunk.blocked_grievance)
        {
            *total += n;
        }
    }
}

/// What a border asks of someone crossing it, by province: its owner's
/// exit and entry policies and federation, and this turn's draws.
struct Crossing {
    exit: Vec<BorderPolicy>,
    federation: Vec<Option<FederationId>>,
    entry: Vec<BorderPolicy>,
    draws: TurnDraws,
}

/// The attempts of a chunk of citizens.
fn try_leaving(
    c: ColumnsMut<'_>,
    options: &ExitOptions,
    crossing: &Crossing,
    r: &CitizenRules,
) -> Attempts {
    let count = crossing.exit.len();
    let draws = &crossing.draws;
    let mut movers = Vec::new();
    let mut blocked = vec![0u32; count];
    let mut blocked_grievance = vec![0u64; count];
    // Who tries, with the columns read side by side (no index to check per
    // column); few do, and only they are looked at again below.
    let mut trying = Vec::new();
    let rows = c
        .home
        .iter()
        .zip(c.culture)
        .zip(c.commune.iter().zip(c.grievance.iter()));
    for (i, ((&home, &culture), (commune, &grievance))) in rows.enumerate() {
        let choice = options.get(home, culture);
        let gain = choice.gain[usize::from(commune.is_some())];
        let grievance = f64::from(grievance);
        if gain <= 0.0 || (grievance < r.exit_grievance && gain < r.exit_gain) {
            continue;
        }
        let Some(dest) = choice.destination else {
            continue;
        };
        // A flow: everyone who gains keeps a chance each turn, less as the
        // destination fills up.
        let probability = (r.move_rate * gain * (0.5 + grievance)).min(r.move_max) * dest.room;
        let key = u64::from(c.id(i).0);
        if draws.unit(key, DrawPhase::Exit, 0) >= probability {
            continue;
        }
        trying.push((i, home, dest));
    }
    for (i, home, dest) in trying {
        let key = u64::from(c.id(i).0);
        let (from, to) = (home.index(), dest.province.index());
        let allied = matches!(
            (crossing.federation[from], crossing.federation[to]),
            (Some(a), Some(b)) if a == b
        );
        if dest.foreign && !allied {
            let fee = r.permit_fee as f32;
            let wealth = &mut c.wealth[i];
            let through = match crossing.exit[from] {
                BorderPolicy::Open => true,
                BorderPolicy::Closed => false,
                BorderPolicy::Permit => {
                    let lucky = draws.unit(key, DrawPhase::Exit, 1) < 0.5 && *wealth >= fee;
                    if lucky {
                        *wealth -= fee;
                    }
                    lucky
                }
            };
            if !through {
                let before = c.grievance[i];
                c.grievance[i] = (before + r.blocked_grievance as f32).min(1.0);
                blocked[from] += 1;
                blocked_grievance[from] += micros(c.grievance[i]) - micros(before);
                continue;
            }
            if crossing.entry[to] == BorderPolicy::Permit {
                if draws.unit(key, DrawPhase::Exit, 2) < 0.5 && *wealth >= fee {
                    *wealth -= fee;
                } else {
                    continue;
                }
            }
        }
        movers.push((c.id(i).0, home, dest.province));
    }
    Attempts {
        movers,
        blocked,
        blocked_grievance,
    }
}

/// Caps arrivals at each destination by the inflow cap and by the room it
/// has left (the first movers by id go), and counts migrants, flows and
/// blocked exits.
#[allow(clippy::too_many_arguments)]
pub fn tally_exits(
    mut attempts: ResMut<Attempts>,
    provinces: Query<&Province>,
    census: Res<Census>,
    mut polities: Query<&mut Polity>,
    options: Res<ExitOptions>,
    rules: Res<Rules>,
    mut stats: ResMut<TurnStats>,
) {
    let provinces = sorted(provinces.iter(), |p| p.id);
    let blocked: BTreeMap<ProvinceId, u32> = attempts
        .blocked
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(p, &n)| (ProvinceId(p as u32), n))
        .collect();
    let mut room: Vec<u32> = provinces
        .iter()
        .map(|p| {
            let cap = ((rules.citizens.inflow_cap * f64::from(p.capacity)).ceil() as u32).max(1);
            cap.min(p.capacity.saturating_sub(census.population[p.id.index()]))
        })
        .collect();
    let count = polities.iter().len();
    let mut emigrants = vec![0u32; count];
    let mut blocked_by_polity = vec![0u32; count];
    let mut going = Vec::with_capacity(attempts.movers.len());
    for &(id, from, to) in &attempts.movers {
        if room[to.index()] == 0 {
            continue;
        }
        going.push((id, from, to));
        room[to.index()] -= 1;
        *stats.flows.entry((from, to)).or_default() += 1;
        stats.migrants += 1;
        let (a, b) = (provinces[from.index()].owner, provinces[to.index()].owner);
        if a != b {
            emigrants[a.index()] += 1;
        }
    }
    for (&p, &n) in &blocked {
        stats.blocked_exits += n;
        blocked_by_polity[provinces[p.index()].owner.index()] += n;
    }
    stats.blocked_by_province = blocked;
    attempts.movers = going;
    for mut polity in &mut polities {
        let k = polity.id.index();
        let people = f64::from(polity.turn.population_start.max(1));
        polity.turn.emigrants += emigrants[k];
        polity.turn.blocked += blocked_by_polity[k];
        polity.turn.visible_exit =
            (f64::from(options.visible.get(k).copied().unwrap_or(0)) / people).min(1.0);
    }
}
