//! The egui panels (GAME.md §9): top bar, polity ledger, actions with
//! previews, province ledger, event log, charts, help, saves, the end of
//! game report, and the map overlay (names, migration arrows, legend).
//! Panels read the session and send `Command`s; each lives in its own file.

mod actions;
mod charts;
mod format;
mod help;
mod log;
mod menu;
mod overlay;
mod polity;
mod province;
mod report;
mod saves;
pub mod state;
mod top_bar;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::map::camera::{MapCamera, PANEL_RIGHT};
use super::map::{MapGeometry, MapMode, Selection};
use super::screen::Screen;
use super::session::{Command, SAVE_DIR, Session};
use state::UiState;

/// Keyboard shortcuts of the game screen.
fn shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    mut state: ResMut<UiState>,
    mut mode: ResMut<MapMode>,
    mut commands: MessageWriter<Command>,
    mut contexts: EguiContexts,
) {
    // Text fields keep their keys.
    if contexts
        .ctx_mut()
        .is_ok_and(|ctx| ctx.egui_wants_keyboard_input())
    {
        return;
    }
    if keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter) {
        commands.write(Command::EndTurn);
    }
    if keys.just_pressed(KeyCode::F5) {
        commands.write(Command::Save("quick".into()));
    }
    if keys.just_pressed(KeyCode::F9) {
        commands.write(Command::Load(
            std::path::Path::new(SAVE_DIR).join("quick.ron"),
        ));
    }
    if keys.just_pressed(KeyCode::F1) || keys.just_pressed(KeyCode::KeyH) {
        state.help = !state.help;
    }
    if keys.just_pressed(KeyCode::KeyG) {
        state.charts = !state.charts;
    }
    if keys.just_pressed(KeyCode::KeyL) {
        state.log = !state.log;
    }
    if keys.just_pressed(KeyCode::Escape) {
        state.paused = !state.paused;
    }
    for (key, m) in [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
    ]
    .into_iter()
    .zip(MapMode::ALL)
    {
        if keys.just_pressed(key) {
            *mode = m;
        }
    }
}

/// The game screen's panels.
#[allow(clippy::too_many_arguments)]
fn game_ui(
    mut contexts: EguiContexts,
    session: Option<Res<Session>>,
    mut state: ResMut<UiState>,
    mut mode: ResMut<MapMode>,
    mut selection: ResMut<Selection>,
    mut commands: MessageWriter<Command>,
    mut next: ResMut<NextState<Screen>>,
    geometry: Res<MapGeometry>,
    camera: Single<(&Camera, &GlobalTransform), With<MapCamera>>,
    time: Res<Time>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(session) = session else {
        next.set(Screen::MainMenu);
        return Ok(());
    };
    let session = &*session;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "game".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    top_bar::show(&mut root, session, &mut state, &mut mode, &mut commands);
    if state.log {
        log::show(&mut root, session);
    }
    polity::show(&mut root, session, selection.0);
    egui::Panel::right("right")
        .exact_size(PANEL_RIGHT)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                actions::show(ui, session, &mut state, selection.0, &mut commands);
                ui.separator();
                province::show(ui, session, &mut selection);
            });
        });
    let (camera, transform) = *camera;
    overlay::show(
        &ctx,
        session,
        &geometry,
        camera,
        transform,
        *mode,
        time.elapsed_secs(),
    );
    if state.charts {
        charts::show(&ctx, session, &mut state.charts);
    }
    if state.help {
        help::show(&ctx, &mut state.help);
    }
    if state.saves {
        saves::show(&ctx, &mut state, &mut commands);
    }
    report::show(&ctx, session, &mut state, &mut next, &mut commands);
    if state.paused {
        menu::pause(&ctx, &mut state, &mut next, &mut exit);
    }
    if let Some(pending) = &session.pending_load {
        pending_load(&ctx, pending, &mut commands);
    }
    if !session.reload_errors.is_empty() {
        let mut open = true;
        egui::Window::new("The level file has errors")
            .open(&mut open)
            .default_pos([420.0, 120.0])
            .show(&ctx, |ui| {
                ui.label("Still playing the last good version. Fix the file and save it again:");
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        for e in &session.reload_errors {
                            ui.monospace(e);
                        }
                    });
            });
        if !open {
            commands.write(Command::DismissReloadErrors);
        }
    }
    Ok(())
}

/// The main menu.
fn menu_ui(
    mut contexts: EguiContexts,
    mut state: ResMut<UiState>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    if let Some(session) = menu::main(&ctx, &mut state, &mut exit) {
        commands.insert_resource(session);
        state.report_closed = false;
        next.set(Screen::Playing);
    }
    Ok(())
}

fn style(mut contexts: EguiContexts, mut done: Local<bool>) {
    if *done {
        return;
    }
    if let Ok(ctx) = contexts.ctx_mut() {
        ctx.all_styles_mut(|style| {
            style
                .text_styles
                .iter_mut()
                .for_each(|(_, font)| font.size *= 1.1);
            style.spacing.item_spacing = egui::vec2(8.0, 5.0);
        });
        *done = true;
    }
}

/// The UI plugin.
pub fn plugin(app: &mut App) {
    app.init_resource::<UiState>();
    app.add_systems(EguiPrimaryContextPass, style);
    app.add_systems(
        EguiPrimaryContextPass,
        menu_ui.run_if(in_state(Screen::MainMenu)),
    );
    app.add_systems(
        EguiPrimaryContextPass,
        (shortcuts, game_ui)
            .chain()
            .run_if(in_state(Screen::Playing)),
    );
}

/// Asks whether to load a save made with other mods: what differs, and
/// what loading it anyway means.
fn pending_load(
    ctx: &egui::Context,
    pending: &crate::game::session::PendingLoad,
    commands: &mut MessageWriter<Command>,
) {
    egui::Window::new("Made with other mods")
        .collapsible(false)
        .resizable(false)
        .min_width(420.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.label(pending.path.display().to_string());
            for line in &pending.differences {
                ui.label(format!("• {line}"));
            }
            ui.label(
                egui::RichText::new(
                    "Loaded anyway, it plays on by the rules the save recorded \
                     (the events of mods are those loaded now).",
                )
                .weak(),
            );
            ui.horizontal(|ui| {
                if ui.button("Load anyway").clicked() {
                    commands.write(Command::LoadAnyway);
                }
                if ui.button("Cancel").clicked() {
                    commands.write(Command::CancelLoad);
                }
            });
        });
}
