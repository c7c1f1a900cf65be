//! `play LEVEL --ui-test`: drives the real window with injected pointer and
//! key input, as a player's mouse and keyboard would, and checks what the
//! player would notice: the map is fitted inside the panels (after opening
//! and after a resize), the wheel over a panel does not zoom the map, a
//! click on a panel does not change the selection, a click on the map
//! does, the province under the pointer (and none over a panel) shows its
//! card, and no key but Esc acts while the game is paused. Prints one line
//! a check and exits 1 if any failed.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::mouse::{MouseButtonInput, MouseScrollUnit, MouseWheel};
use bevy::input::touch::TouchPhase;
use bevy::prelude::*;
use bevy::window::{CursorMoved, PrimaryWindow, WindowEvent};

use super::map::camera::{MapArea, MapCamera};
use super::map::{Hovered, MapGeometry, Selection};
use super::session::Session;
use super::ui::state::UiState;

/// Frames between steps: enough for the panels to lay out again and the
/// camera to follow.
const STEP_FRAMES: u32 = 12;
/// The most frames the test may take (a turn is played in the background).
const GIVE_UP_FRAMES: u32 = 3000;

/// Where the script is and what it has found.
#[derive(Resource, Default)]
struct Script {
    frame: u32,
    /// The frame the next step runs at.
    next: u32,
    step: usize,
    failures: usize,
    /// The camera's zoom when the step that measures it began.
    scale: f32,
    turn: u32,
}

/// One step: it may inject input, check what earlier steps did, and say
/// how many frames to wait before the next (`None`: not ready, try again
/// next frame).
type Step = fn(&mut World, &mut Script) -> Option<u32>;

const STEPS: &[Step] = &[
    wait_until_ready,
    check_fitted,
    pointer_over_right_panel,
    check_no_card,
    wheel,
    check_not_zoomed,
    pointer_over_first_province,
    check_card,
    press,
    release,
    check_first_selected,
    click_on_left_panel,
    check_still_first_selected,
    pointer_over_map,
    wheel,
    check_zoomed,
    escape,
    check_paused_then_enter,
    wheel,
    check_nothing_happened,
    escape,
    check_resumed_then_enter,
    check_turn_played,
    resize,
    check_fitted,
    finish,
];

fn report(script: &mut Script, ok: bool, what: &str) {
    if ok {
        println!("ui-test: ok   {what}");
    } else {
        script.failures += 1;
        println!("ui-test: FAIL {what}");
    }
}

fn window(world: &mut World) -> Option<(Entity, Vec2)> {
    let mut query = world.query_filtered::<(Entity, &Window), With<PrimaryWindow>>();
    let (entity, window) = query.single(world).ok()?;
    Some((entity, window.size()))
}

fn area(world: &World) -> Option<Rect> {
    world.get_resource::<MapArea>().and_then(|a| a.rect)
}

fn camera_scale(world: &mut World) -> f32 {
    let mut query = world.query_filtered::<&Projection, With<MapCamera>>();
    match query.single(world) {
        Ok(Projection::Orthographic(o)) => o.scale,
        _ => 0.0,
    }
}

/// Where a point of the map is in the window (logical pixels).
fn on_screen(world: &mut World, point: Vec2) -> Option<Vec2> {
    let mut query = world.query_filtered::<(&Camera, &GlobalTransform), With<MapCamera>>();
    let (camera, transform) = query.single(world).ok()?;
    camera.world_to_viewport(transform, point.extend(0.0)).ok()
}

fn move_pointer(world: &mut World, position: Vec2) {
    let Some((window, _)) = window(world) else {
        return;
    };
    if let Some(mut w) = world.get_mut::<Window>(window) {
        w.set_cursor_position(Some(position));
    }
    let moved = CursorMoved {
        window,
        position,
        delta: None,
    };
    world.write_message(WindowEvent::CursorMoved(moved.clone()));
    world.write_message(moved);
}

fn button(world: &mut World, state: ButtonState) {
    let Some((window, _)) = window(world) else {
        return;
    };
    let input = MouseButtonInput {
        button: MouseButton::Left,
        state,
        window,
    };
    world.write_message(WindowEvent::MouseButtonInput(input));
    world.write_message(input);
}

fn key(world: &mut World, key_code: KeyCode, logical_key: Key) {
    let Some((window, _)) = window(world) else {
        return;
    };
    for state in [ButtonState::Pressed, ButtonState::Released] {
        world.write_message(KeyboardInput {
            key_code,
            logical_key: logical_key.clone(),
            state,
            text: None,
            repeat: false,
            window,
        });
    }
}

fn wait_until_ready(world: &mut World, _: &mut Script) -> Option<u32> {
    let ready = area(world).is_some()
        && world
            .get_resource::<Session>()
            .is_some_and(|s| !s.thinking());
    ready.then_some(STEP_FRAMES * 2)
}

fn check_fitted(world: &mut World, script: &mut Script) -> Option<u32> {
    let rect = area(world)?;
    let (low, high) = world.resource::<MapGeometry>().bounds;
    let corners = [
        low,
        high,
        Vec2::new(low.x, high.y),
        Vec2::new(high.x, low.y),
    ];
    let inside = corners
        .iter()
        .all(|&c| on_screen(world, c).is_some_and(|p| rect.inflate(1.0).contains(p)));
    let size = window(world).map(|w| w.1).unwrap_or_default();
    report(
        script,
        inside,
        &format!(
            "the map fits inside the panels ({:.0}×{:.0} window, map area {:.0}×{:.0} at {:.0},{:.0})",
            size.x,
            size.y,
            rect.width(),
            rect.height(),
            rect.min.x,
            rect.min.y
        ),
    );
    let labels = world
        .get_resource::<MapArea>()
        .map(|a| a.labels.clone())
        .unwrap_or_default();
    let within = rect.inflate(1.0);
    let inside = labels
        .iter()
        .all(|l| within.contains(l.min) && within.contains(l.max));
    let apart = labels
        .iter()
        .enumerate()
        .all(|(i, a)| labels[i + 1..].iter().all(|b| a.intersect(*b).is_empty()));
    report(
        script,
        !labels.is_empty() && inside && apart,
        &format!(
            "{} province names drawn, each inside the map, none over another",
            labels.len()
        ),
    );
    Some(1)
}

fn pointer_over_right_panel(world: &mut World, script: &mut Script) -> Option<u32> {
    let rect = area(world)?;
    move_pointer(world, Vec2::new(rect.max.x + 40.0, rect.center().y));
    script.scale = camera_scale(world);
    Some(STEP_FRAMES)
}

fn wheel(world: &mut World, script: &mut Script) -> Option<u32> {
    let (window, _) = window(world)?;
    script.scale = camera_scale(world);
    world.write_message(MouseWheel {
        unit: MouseScrollUnit::Line,
        x: 0.0,
        y: 3.0,
        window,
        phase: TouchPhase::Moved,
    });
    Some(STEP_FRAMES)
}

/// Whether the card of the province under the pointer was drawn.
fn card_drawn(world: &mut World) -> bool {
    let mut query =
        world.query_filtered::<&mut bevy_egui::EguiContext, With<bevy_egui::PrimaryEguiContext>>();
    let Ok(mut ctx) = query.single_mut(world) else {
        return false;
    };
    let layer = bevy_egui::egui::LayerId::new(
        bevy_egui::egui::Order::Tooltip,
        bevy_egui::egui::Id::new("province card"),
    );
    ctx.get_mut().memory(|m| m.areas().is_visible(&layer))
}

fn check_no_card(world: &mut World, script: &mut Script) -> Option<u32> {
    let ok = world.resource::<Hovered>().0.is_none() && !card_drawn(world);
    report(
        script,
        ok,
        "no province card while the pointer is over a panel",
    );
    Some(1)
}

fn check_card(world: &mut World, script: &mut Script) -> Option<u32> {
    let first = world
        .resource::<Hovered>()
        .0
        .is_some_and(|(p, _)| p.index() == 0);
    let ok = first && card_drawn(world);
    report(script, ok, "the province under the pointer shows its card");
    Some(1)
}

fn check_not_zoomed(world: &mut World, script: &mut Script) -> Option<u32> {
    let ok = camera_scale(world) == script.scale;
    report(script, ok, "the wheel over a panel does not zoom the map");
    Some(1)
}

fn check_zoomed(world: &mut World, script: &mut Script) -> Option<u32> {
    let ok = camera_scale(world) < script.scale;
    report(script, ok, "the wheel over the map zooms it");
    Some(1)
}

fn pointer_over_first_province(world: &mut World, _: &mut Script) -> Option<u32> {
    let centre = *world.resource::<MapGeometry>().centroids.first()?;
    let point = on_screen(world, centre)?;
    move_pointer(world, point);
    Some(STEP_FRAMES)
}

fn pointer_over_map(world: &mut World, _: &mut Script) -> Option<u32> {
    let rect = area(world)?;
    move_pointer(world, rect.center());
    Some(STEP_FRAMES)
}

fn press(world: &mut World, _: &mut Script) -> Option<u32> {
    button(world, ButtonState::Pressed);
    Some(2)
}

fn release(world: &mut World, _: &mut Script) -> Option<u32> {
    button(world, ButtonState::Released);
    Some(STEP_FRAMES)
}

fn first_selected(world: &World) -> bool {
    world
        .resource::<Selection>()
        .0
        .is_some_and(|p| p.index() == 0)
}

fn check_first_selected(world: &mut World, script: &mut Script) -> Option<u32> {
    let ok = first_selected(world);
    report(script, ok, "a click on a province selects it");
    Some(1)
}

/// Press and release in the same frame, on an empty spot of the left
/// panel over the map's left edge.
fn click_on_left_panel(world: &mut World, _: &mut Script) -> Option<u32> {
    let rect = area(world)?;
    move_pointer(world, Vec2::new(rect.min.x - 20.0, rect.max.y - 10.0));
    button(world, ButtonState::Pressed);
    button(world, ButtonState::Released);
    Some(STEP_FRAMES)
}

fn check_still_first_selected(world: &mut World, script: &mut Script) -> Option<u32> {
    let ok = first_selected(world);
    report(
        script,
        ok,
        "a click on a panel does not change the selection",
    );
    Some(1)
}

fn escape(world: &mut World, _: &mut Script) -> Option<u32> {
    key(world, KeyCode::Escape, Key::Escape);
    Some(STEP_FRAMES)
}

fn check_paused_then_enter(world: &mut World, script: &mut Script) -> Option<u32> {
    let paused = world.resource::<UiState>().paused;
    report(script, paused, "Esc pauses the game");
    script.turn = world.resource::<Session>().turn();
    key(world, KeyCode::Enter, Key::Enter);
    Some(STEP_FRAMES)
}

fn check_nothing_happened(world: &mut World, script: &mut Script) -> Option<u32> {
    let session = world.resource::<Session>();
    let ok = session.turn() == script.turn && !session.thinking();
    report(script, ok, "Enter while paused does not end the turn");
    let ok = camera_scale(world) == script.scale;
    report(script, ok, "the wheel while paused does not zoom the map");
    Some(1)
}

fn check_resumed_then_enter(world: &mut World, script: &mut Script) -> Option<u32> {
    let paused = world.resource::<UiState>().paused;
    report(script, !paused, "Esc again resumes the game");
    key(world, KeyCode::Enter, Key::Enter);
    Some(STEP_FRAMES)
}

fn check_turn_played(world: &mut World, script: &mut Script) -> Option<u32> {
    let session = world.resource::<Session>();
    if session.thinking() {
        return None;
    }
    let ok = session.turn() == script.turn + 1;
    report(script, ok, "Enter, not paused, ends the turn");
    Some(1)
}

/// A smaller window, after the wheel zoomed the map: it is fitted again.
fn resize(world: &mut World, _: &mut Script) -> Option<u32> {
    let (window, size) = window(world)?;
    let smaller = (size * 0.85).round();
    if let Some(mut w) = world.get_mut::<Window>(window) {
        w.resolution.set(smaller.x, smaller.y);
    }
    Some(STEP_FRAMES * 3)
}

fn finish(world: &mut World, script: &mut Script) -> Option<u32> {
    if script.failures == 0 {
        println!("ui-test: every check passed");
        world.write_message(AppExit::Success);
    } else {
        println!("ui-test: {} checks failed", script.failures);
        world.write_message(AppExit::error());
    }
    Some(u32::MAX / 2)
}

fn drive(world: &mut World) {
    let mut script = world.remove_resource::<Script>().unwrap_or_default();
    script.frame += 1;
    if script.frame >= script.next
        && let Some(step) = STEPS.get(script.step)
        && let Some(wait) = step(world, &mut script)
    {
        script.step += 1;
        script.next = script.frame + wait;
    }
    if script.frame > GIVE_UP_FRAMES && script.step < STEPS.len() {
        println!(
            "ui-test: FAIL gave up at step {} of {}",
            script.step,
            STEPS.len()
        );
        world.write_message(AppExit::error());
    }
    world.insert_resource(script);
}

/// The UI test plugin: its input goes in before the engine reads input.
pub fn plugin(app: &mut App) {
    app.init_resource::<Script>();
    app.add_systems(First, drive);
}
