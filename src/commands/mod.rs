//! The commands that need no window (GAME.md §6, §10), each in its own
//! file: `simulate` (and the JSON report it prints), `check`, `test`, `mods`
//! and `balance`. They play levels through the simulation's one door,
//! `Simulation`.

pub mod balance;
pub mod check;
pub mod mods;
pub mod progress;
pub mod report;
pub mod simulate;
pub mod test;
