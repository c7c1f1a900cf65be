//! The window: sized to the monitor it opens on once the monitor is known
//! (most of it, leaving room for the desktop's bars; all of it for the
//! screenshot and the UI test, so that the display's size is the window's),
//! and drawn only when something changes: input, a turn being played, and
//! for a few seconds after the game changes (the flows move, the blocked
//! exits pulse). Idle, the game sleeps.

use bevy::prelude::*;
use bevy::window::{
    Monitor, MonitorSelection, PrimaryMonitor, PrimaryWindow, RequestRedraw, WindowPosition,
};
use bevy::winit::WinitSettings;
use bevy_egui::{EguiInput, EguiPreUpdateSet, egui};

use super::screen::GameSystems;
use super::session::{Command, Session};

/// Seconds the map's flows and badges move after the game changes.
const ANIMATE_FOR: f32 = 6.0;

/// The part of the monitor a player's window takes.
const SHARE: f32 = 0.9;
/// The smallest window the panels are laid out for.
const SMALLEST: Vec2 = Vec2::new(960.0, 600.0);

/// How much of the monitor the window takes.
#[derive(Resource, Clone, Copy)]
struct Share(f32);

/// The window size, in logical pixels, for a monitor of `size` logical
/// pixels.
pub fn size_for(monitor: Vec2, share: f32) -> Vec2 {
    (monitor * share).max(SMALLEST).min(monitor).round()
}

fn size_to_monitor(
    mut done: Local<bool>,
    share: Res<Share>,
    settings: Option<Res<super::settings::Settings>>,
    monitors: Query<&Monitor, With<PrimaryMonitor>>,
    mut window: Single<&mut Window, With<PrimaryWindow>>,
) {
    if *done {
        return;
    }
    let Some(monitor) = monitors.iter().next() else {
        return;
    };
    *done = true;
    let physical = Vec2::new(
        monitor.physical_width as f32,
        monitor.physical_height as f32,
    );
    let monitor = physical / monitor.scale_factor.max(0.1) as f32;
    // The size the player left the window at, if it still fits.
    let size = match settings.and_then(|s| s.window).filter(|_| share.0 < 1.0) {
        Some((w, h)) => Vec2::new(w, h).min(monitor),
        None => size_for(monitor, share.0),
    };
    window.resolution.set(size.x, size.y);
    window.position = WindowPosition::Centered(MonitorSelection::Primary);
}

/// Asks for the next frame while a turn is being played and for a while
/// after the game changed (a turn, a load), so that the map's animations
/// play and then stop.
fn keep_drawing(
    session: Option<Res<Session>>,
    time: Res<Time>,
    mut changed: Local<(u64, f32)>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(session) = session else {
        return;
    };
    let now = time.elapsed_secs();
    if session.generation != changed.0 {
        *changed = (session.generation, now);
    }
    if session.busy() || now - changed.1 < ANIMATE_FOR {
        redraw.write(RequestRedraw);
    }
}

/// A command the panels gave this frame is carried out at the start of the
/// next: ask for that frame, or an idle window would leave it waiting for
/// the next input.
fn carry_out_commands(mut given: MessageReader<Command>, mut redraw: MessageWriter<RequestRedraw>) {
    if given.read().next().is_some() {
        redraw.write(RequestRedraw);
    }
}

/// bevy_egui tells egui the modifier keys every frame, and egui takes any
/// input event as a reason to draw the next frame at once: the window would
/// never sleep. Only a change of the modifiers is passed on.
fn quiet_modifiers(mut inputs: Query<&mut EguiInput>, mut last: Local<Option<egui::Modifiers>>) {
    for mut input in &mut inputs {
        input.0.events.retain(|event| match event {
            egui::Event::ModifiersChanged(now) => last.replace(*now) != Some(*now),
            _ => true,
        });
    }
}

/// The window plugin; `whole` (the screenshot and the UI test, which count
/// frames) makes the window as large as the monitor and draws every frame.
pub fn plugin(whole: bool) -> impl Fn(&mut App) {
    move |app: &mut App| {
        app.insert_resource(Share(if whole { 1.0 } else { SHARE }));
        app.insert_resource(if whole {
            WinitSettings::game()
        } else {
            WinitSettings::desktop_app()
        });
        app.add_systems(Update, size_to_monitor);
        // After the commands of the frame: a turn that started now is seen.
        app.add_systems(Update, keep_drawing.in_set(GameSystems::Redraw));
        app.add_systems(Last, carry_out_commands);
        app.add_systems(
            PreUpdate,
            quiet_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_takes_most_of_the_monitor_and_never_more() {
        assert_eq!(
            size_for(Vec2::new(2560.0, 1440.0), 0.9),
            Vec2::new(2304.0, 1296.0)
        );
        assert_eq!(
            size_for(Vec2::new(1280.0, 720.0), 1.0),
            Vec2::new(1280.0, 720.0)
        );
        // A small monitor still gets the smallest layout, but no more
        // than it has.
        assert_eq!(
            size_for(Vec2::new(1024.0, 600.0), 0.9),
            Vec2::new(960.0, 600.0)
        );
        assert_eq!(
            size_for(Vec2::new(800.0, 480.0), 0.9),
            Vec2::new(800.0, 480.0)
        );
    }
}
