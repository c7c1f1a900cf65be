//! What the panels show and the choices the player is composing: the
//! interface's own state, apart from the game's.

use bevy::prelude::*;

use crate::sim::world::Tier;

/// What the panels show and the choices the player is composing.
#[derive(Resource, Clone, Debug)]
pub struct UiState {
    /// The charts window.
    pub charts: bool,
    /// The help overlay.
    pub help: bool,
    /// The event log.
    pub log: bool,
    /// The save/load window.
    pub saves: bool,
    /// The pause menu.
    pub paused: bool,
    /// Name for the next save.
    pub save_name: String,
    /// Share to move in a devolution or centralization.
    pub shift_amount: f64,
    /// Tier that receives a devolution.
    pub devolve_to: Tier,
    /// Tier that gives in a centralization.
    pub centralize_from: Tier,
    /// Commune charter to set.
    pub charter: f64,
    /// Culture chosen for forced sorting.
    pub culture: usize,
    /// The report was dismissed.
    pub report_closed: bool,
    /// A message of the main menu.
    pub menu_error: Option<String>,
    /// Mods ticked in the main menu.
    pub enabled_mods: std::collections::BTreeSet<String>,
    /// The mods found and what each is on its own, read when the main menu
    /// first shows them (`None` again to read them afresh).
    pub mods_found: Option<Vec<(crate::modding::Found, crate::modding::State)>>,
    /// Turn fullscreen on or off (the settings menu asked).
    pub toggle_fullscreen: bool,
    /// Which lines the event log shows.
    pub log_filter: super::log::LogFilter,
    /// The notifications of big moments.
    pub toasts: super::notifications::Toasts,
    /// The save the player asked to delete, waiting for a second click.
    pub delete_asked: Option<std::path::PathBuf>,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            charts: false,
            help: false,
            log: true,
            saves: false,
            paused: false,
            save_name: "my_game".into(),
            shift_amount: 0.1,
            devolve_to: Tier::Municipal,
            centralize_from: Tier::Municipal,
            charter: 0.3,
            culture: 0,
            report_closed: false,
            menu_error: None,
            enabled_mods: Default::default(),
            mods_found: None,
            toggle_fullscreen: false,
            log_filter: Default::default(),
            toasts: Default::default(),
            delete_asked: None,
        }
    }
}
