//! The commands that need no window (GAME.md §6), each in its own file:
//! `simulate` (and the JSON report it prints), `check` and `test`. They
//! play levels through the simulation's one door, `Simulation`.

pub mod check;
pub mod report;
pub mod simulate;
pub mod test;
