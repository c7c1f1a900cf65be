//! The egui panels (GAME.md §9): top bar, polity ledger, actions with
//! previews, province ledger, event log, charts, help, saves, the end of
//! game report, and the map overlay (names, migration arrows, legend).
//! Panels read the session and send `Command`s; each lives in its own file.

mod actions;
pub mod causes;
mod charts;
mod format;
mod help;
mod legend;
mod log;
mod menu;
pub mod notifications;
mod objectives;
mod overlay;
mod polity;
mod preview;
mod province;
mod report;
mod saves;
pub mod state;
mod top_bar;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::map::camera::{Focus, MapArea, MapCamera, PANEL_LEFT, PANEL_RIGHT};
use super::map::palette::PolityColours;
use super::map::{Hovered, MapGeometry, MapMode, Selection};
use super::screen::Screen;
use super::session::{Command, SAVE_DIR, Session};
use super::settings::Settings;
use state::UiState;

/// A window that owns the input while it is open: the pause menu, or the
/// question whether to load a save made with other mods.
fn modal_open(state: &UiState, session: Option<&Session>) -> bool {
    state.paused || session.is_some_and(|s| s.pending_load.is_some())
}

/// Keyboard shortcuts of the game screen. Esc opens and closes the pause
/// menu; while it (or another question) is open, and while a text field
/// has the keys, no other shortcut acts. Alt+Enter toggles fullscreen.
fn shortcuts(
    keys: Res<ButtonInput<KeyCode>>,
    (mut state, session): (ResMut<UiState>, Option<Res<Session>>),
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
    let enter = keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter);
    if enter && keys.any_pressed([KeyCode::AltLeft, KeyCode::AltRight]) {
        // Alt+Enter is fullscreen's (`fullscreen`), never the turn's.
        return;
    }
    if keys.just_pressed(KeyCode::Escape)
        && session.as_ref().is_none_or(|s| s.pending_load.is_none())
    {
        state.paused = !state.paused;
        return;
    }
    if modal_open(&state, session.as_deref()) {
        return;
    }
    if enter {
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

/// Alt+Enter (on any screen) or the settings menu turns fullscreen on or
/// off.
fn fullscreen(
    keys: Res<ButtonInput<KeyCode>>,
    mut state: ResMut<UiState>,
    mut window: Single<&mut Window, With<bevy::window::PrimaryWindow>>,
) {
    let enter = keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter);
    let alt = keys.any_pressed([KeyCode::AltLeft, KeyCode::AltRight]);
    let asked = std::mem::take(&mut state.toggle_fullscreen);
    if !(asked || enter && alt) {
        return;
    }
    window.mode = match window.mode {
        bevy::window::WindowMode::Windowed => {
            bevy::window::WindowMode::BorderlessFullscreen(bevy::window::MonitorSelection::Current)
        }
        _ => bevy::window::WindowMode::Windowed,
    };
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
    (geometry, mut area, mut focus): (Res<MapGeometry>, ResMut<MapArea>, ResMut<Focus>),
    camera: Single<(&Camera, &GlobalTransform), With<MapCamera>>,
    (time, hovered, colours): (Res<Time>, Res<Hovered>, Res<PolityColours>),
    mut settings: ResMut<Settings>,
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
        log::show(&mut root, session, &mut state.log_filter);
    }
    // Narrow windows give the panels a little less and the map the rest.
    let width = ctx.content_rect().width();
    polity::show(
        &mut root,
        session,
        selection.0,
        PANEL_LEFT.min(width * 0.25),
    );
    let right_width = PANEL_RIGHT.min(width * 0.3);
    egui::Panel::right("right")
        .exact_size(right_width)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                actions::show(ui, session, &mut state, selection.0, &mut commands);
                ui.separator();
                province::show(ui, session, &mut selection);
            });
        });
    objectives::show(&mut root, session);
    legend::show(&mut root, session, *mode, settings.colours);
    // What the panels left is the map's: it takes the pointer there, and
    // the camera fits the map into it (in logical pixels).
    let mut free = root.available_rect_before_wrap();
    // A right panel whose content is too wide reports itself further right
    // than it is drawn: the map ends where the panel begins.
    free.max.x = free.max.x.min(ctx.content_rect().max.x - right_width);
    // egui's points are logical pixels divided by its zoom.
    let zoom = ctx.zoom_factor();
    let logical = |r: egui::Rect| {
        Rect::new(
            r.min.x * zoom,
            r.min.y * zoom,
            r.max.x * zoom,
            r.max.y * zoom,
        )
    };
    area.rect = Some(logical(free));
    area.open = !modal_open(&state, Some(session));
    let (camera, transform) = *camera;
    let frame = overlay::Frame {
        area: free,
        camera,
        transform,
    };
    let now = time.elapsed_secs();
    state.toasts.collect(session, now);
    let toasts = (session, &mut state.toasts);
    if let Some(place) = notifications::show(&ctx, free, toasts, &mut commands, now) {
        focus.0 = geometry.centroids.get(place.index()).copied();
    }
    let shown = overlay::Shown {
        mode: *mode,
        hovered: hovered.0,
        seconds: now,
        pings: state.toasts.pings(now),
    };
    let labels = overlay::show(&ctx, session, &geometry, &frame, &shown);
    area.labels = labels.into_iter().map(logical).collect();
    if state.charts {
        charts::show(&ctx, session, &mut state.charts, &colours);
    }
    if state.help {
        help::show(&ctx, &mut state.help);
    }
    if state.saves {
        saves::show(&ctx, &mut state, &mut commands);
    }
    report::show(&ctx, session, &mut state, &mut next, &mut commands);
    if state.paused {
        menu::pause(&ctx, &mut state, &mut settings, &mut next, &mut exit);
    }
    if let Some(pending) = &session.pending_load {
        pending_load(&ctx, pending, &mut commands);
    }
    reload_errors(&ctx, session, &mut commands);
    Ok(())
}

/// The level file's errors after a hot reload, until dismissed.
fn reload_errors(ctx: &egui::Context, session: &Session, commands: &mut MessageWriter<Command>) {
    if !session.reload_errors.is_empty() {
        let mut open = true;
        egui::Window::new("The level file has errors")
            .open(&mut open)
            .default_pos([420.0, 120.0])
            .show(ctx, |ui| {
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
}

/// The main menu.
fn menu_ui(
    mut contexts: EguiContexts,
    (mut state, mut levels): (ResMut<UiState>, ResMut<menu::Levels>),
    mut settings: ResMut<Settings>,
    mut next: ResMut<NextState<Screen>>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    if let Some(session) = menu::main(&ctx, &mut state, &mut levels, &mut settings, &mut exit) {
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
    app.init_resource::<MapArea>();
    app.add_systems(EguiPrimaryContextPass, (style, fullscreen));
    app.add_systems(
        EguiPrimaryContextPass,
        menu_ui.run_if(in_state(Screen::MainMenu)),
    );
    // The menu reads the level and mod folders afresh each time it opens.
    app.init_resource::<menu::Levels>();
    app.add_systems(
        OnEnter(Screen::MainMenu),
        |mut state: ResMut<UiState>, mut levels: ResMut<menu::Levels>| {
            levels.forget();
            state.mods_found = None;
        },
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
    egui::Modal::new("made with other mods".into()).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("Made with other mods");
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
