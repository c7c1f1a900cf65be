//! The state after a turn as `simulate` prints it (GAME.md §6): one JSON
//! object per line, or one summary line of words. Keys and meanings stay
//! stable; new keys may be added.

use serde_json::{Value, json};

use crate::sim::ids::PolityId;
use crate::sim::simulation::Simulation;

/// The state after the last turn as one JSON object.
pub fn report(sim: &Simulation) -> Value {
    let provinces = sim.provinces();
    let scores = sim.scores();
    let stats = sim.stats();
    let turn = sim.turn();
    let w = &scores.world;
    let m = &w.metrics;
    let polity_json: Vec<Value> = sim
        .polities()
        .iter()
        .filter(|p| !p.dissolved)
        .map(|p| {
            let s = scores.polity(p.id).map(|s| s.metrics).unwrap_or_default();
            let owned: Vec<&str> = provinces
                .iter()
                .filter(|q| q.owner == p.id)
                .map(|q| q.key.as_str())
                .collect();
            json!({
                "id": p.key, "name": p.name, "score": s.score, "domination": s.domination,
                "voluntariness": s.voluntariness, "equality": s.equality, "exit_option": s.exit_option,
                "population": s.population, "authority": p.ruler.authority,
                "legitimacy": p.legitimacy, "capital": p.capital,
                "power": {"ruler": p.power.ruler, "province": p.power.province,
                          "municipal": p.power.municipal, "citizens": p.power.citizens},
                "exit": p.borders.exit.name(), "entry": p.borders.entry.name(),
                "commune_charter": p.commune_charter, "blocked_exits": p.turn.blocked,
                "coerced": s.coerced, "provinces": owned,
                "legacy": scores.legacy(p.id),
                "freedom_to_leave": s.exit_option, "exit_discipline": s.exit_discipline,
                "pending": p.pending.iter().map(|s| json!({
                    "from": format!("{:?}", s.from), "to": format!("{:?}", s.to), "amount": s.amount,
                })).collect::<Vec<Value>>(),
            })
        })
        .collect();
    let polity_key = |id: PolityId| polity_key_of(sim, id);
    let news: Vec<Value> = stats
        .news
        .iter()
        .map(|n| {
            json!({
                "kind": n.kind,
                "polity": n.polity.and_then(polity_key),
                "province": n.province.and_then(|p| provinces.get(p.index()).map(|q| q.key.clone())),
                "other": n.other.and_then(polity_key),
                "text": n.text,
            })
        })
        .collect();
    let census = sim.census();
    let province_json: Vec<Value> = provinces
        .iter()
        .map(|q| {
            json!({
                "id": q.key, "name": q.name,
                "owner": polity_key_of(sim, q.owner),
                "population": census.population.get(q.id.index()).copied().unwrap_or(0),
                "capacity": q.capacity, "prosperity": q.prosperity,
                "infrastructure": q.infrastructure,
                "grievance": census.grievance.get(q.id.index()).copied().unwrap_or(0.0),
                "coerced": census.coerced.get(q.id.index()).copied().unwrap_or(0),
            })
        })
        .collect();
    let refused: Vec<Value> = sim
        .order_log()
        .refused(turn)
        .map(|(r, reason)| json!({"polity": r.polity, "action": r.action, "reason": reason}))
        .collect();
    json!({
        "turn": turn,
        "world": {
            "score": m.score, "domination": m.domination, "voluntariness": m.voluntariness,
            "equality": m.equality, "exit_option": m.exit_option, "forced_sorting": m.forced_sorting,
            "fragmentation": w.fragmentation, "effective_polities": w.effective_polities,
            "hierarchies": w.hierarchies, "population": m.population,
            "blocked_exits": stats.blocked_exits, "coerced": m.coerced, "migrants": stats.migrants,
            "legacy": w.legacy, "freedom_to_leave": m.exit_option,
            "exit_discipline": m.exit_discipline,
        },
        "polities": polity_json,
        "provinces": province_json,
        "refused": refused,
        "log": stats.lines().collect::<Vec<&str>>(),
        "news": news,
        "outcome": serde_json::to_value(&sim.outcome().state).unwrap_or(Value::Null),
    })
}

/// The key of a polity, for JSON.
fn polity_key_of(sim: &Simulation, id: PolityId) -> Option<String> {
    sim.polity(id).map(|p| p.key.clone())
}

/// The state after the last turn in one line of words.
pub fn summary_line(sim: &Simulation) -> String {
    let world = &sim.scores().world;
    let stats = sim.stats();
    format!(
        "turn {}: S {:.3}  F {:.3}  domination {:.3}  exit {:.3}  migrants {}  blocked {}  polities {}",
        sim.turn(),
        world.metrics.score,
        world.fragmentation,
        world.metrics.domination,
        world.metrics.exit_option,
        stats.migrants,
        stats.blocked_exits,
        sim.polities().iter().filter(|p| !p.dissolved).count()
    )
}
