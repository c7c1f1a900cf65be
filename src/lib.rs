//! Free Association: a turn-based strategy game about real decentralization
//! versus mere fragmentation. The modules form layers, each built only on
//! those below it (`docs/architecture.md`):
//!
//! `cli` → {`game`, `commands`} → `saves` → `modding` → `level` → `sim`.

pub mod cli;
pub mod commands;
#[cfg(feature = "gui")]
pub mod game;
pub mod level;
pub mod modding;
pub mod saves;
pub mod sim;

/// The game's version, for saves and mods.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
