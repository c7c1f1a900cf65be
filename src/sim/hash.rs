//! A hash of the whole simulation state, in id order, for determinism
//! checks: equal hashes after equal turns mean the runs were identical.

use bevy::prelude::*;

use super::citizens::Citizens;
use super::world::Registry;

/// A hash of the whole simulation state, in id order: equal hashes after
/// equal turns mean the runs were identical.
pub fn state_hash(world: &World) -> u64 {
    let mut h = Fnv::default();
    let registry = world.resource::<Registry>();
    for p in registry.provinces(world) {
        h.u64(u64::from(p.id.0));
        h.f64(p.prosperity);
        h.f64(p.infrastructure);
        h.u64(u64::from(p.owner.0));
    }
    for k in registry.polities(world) {
        h.u64(u64::from(k.id.0));
        for v in [
            k.ruler.authority,
            k.power.ruler,
            k.power.province,
            k.power.municipal,
            k.power.citizens,
            k.commune_charter,
            k.legitimacy,
            k.capital,
        ] {
            h.f64(v);
        }
        h.bytes(
            format!(
                "{:?}{:?}{:?}{}",
                k.borders, k.federation, k.controller, k.dissolved
            )
            .as_bytes(),
        );
    }
    for c in world.resource::<Citizens>().rows() {
        for v in [
            c.id.0,
            c.home.0,
            c.culture.0,
            c.grievance.to_bits(),
            c.wealth.to_bits(),
            c.commune.map_or(u32::MAX, |x| x.0),
            u32::from(c.coerced),
        ] {
            h.u64(u64::from(v));
        }
    }
    for c in registry.communes(world) {
        let key = (c.id.0, c.province.0, c.dissolved);
        h.bytes(format!("{key:?}").as_bytes());
    }
    h.0
}

/// FNV-1a, enough for comparing states.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
}
