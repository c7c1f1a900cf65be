//! Scopes as files write them (`World`, `Player`, `Polity("id")`), resolved
//! in a running simulation: a polity by its key at that moment, so that
//! scenario tests and previews may name polities founded during play.

use super::schema::{Metric, ScopeFile};
use crate::sim::scenario::Scope;
use crate::sim::simulation::Simulation;

impl ScopeFile {
    /// The scope in `sim`, or why there is none.
    pub fn resolve(&self, sim: &Simulation) -> Result<Scope, String> {
        Ok(match self {
            ScopeFile::World => Scope::World,
            ScopeFile::Player => Scope::Polity(
                sim.scenario()
                    .player()
                    .ok_or("the level has no Player polity")?,
            ),
            ScopeFile::Polity(key) => Scope::Polity(
                sim.polity_id(key)
                    .ok_or_else(|| format!("there is no polity `{key}`"))?,
            ),
        })
    }
}

/// The value of a metric in a scope written as in files, after the last
/// turn of `sim`.
pub fn measure(sim: &Simulation, metric: Metric, scope: &ScopeFile) -> Result<f64, String> {
    sim.measure(metric, scope.resolve(sim)?)
        .ok_or_else(|| format!("{metric:?} is not defined there (the polity may have dissolved)"))
}
