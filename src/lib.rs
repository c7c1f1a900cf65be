//! Free Association: a turn-based strategy game about real decentralization
//! versus mere fragmentation. The simulation (`sim`), the level format
//! (`level`) and the commands that need no window (`cli`, `headless`).

pub mod cli;
#[cfg(feature = "gui")]
pub mod game;
pub mod headless;
pub mod level;
pub mod modding;
pub mod sim;

/// The game's version, for saves and mods.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
