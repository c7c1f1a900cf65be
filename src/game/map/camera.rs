//! The map camera: drag or WASD/arrow keys to pan, the wheel to zoom, `C`
//! to re-centre; a click (without a drag) selects the province under the
//! pointer by an exact hex hit test.

use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::{egui_wants_any_keyboard_input, egui_wants_any_pointer_input};

use super::geometry::MapGeometry;
use super::mode::Selection;
use crate::game::screen::{GameSystems, Screen};

/// The camera that looks at the map (egui draws with it too).
#[derive(Component)]
pub struct MapCamera;

/// Screen space the side panels cover, so that centring puts the map in
/// the visible middle.
pub const PANEL_LEFT: f32 = 330.0;
/// Width of the right-hand panel.
pub const PANEL_RIGHT: f32 = 420.0;

/// Distance the pointer moved while the button was held.
#[derive(Resource, Default)]
struct Drag(f32);

/// Set when the map should be re-centred (new level, `C`).
#[derive(Resource, Default)]
pub struct Recentre(pub bool);

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Camera2d, MapCamera, Msaa::Sample4));
}

fn request_recentre(mut recentre: ResMut<Recentre>) {
    recentre.0 = true;
}

fn recentre(
    mut recentre: ResMut<Recentre>,
    geometry: Res<MapGeometry>,
    camera: Single<(&Camera, &mut Transform, &mut Projection), With<MapCamera>>,
) {
    if !recentre.0 || geometry.centroids.is_empty() {
        return;
    }
    let (camera, mut transform, mut projection) = camera.into_inner();
    // The size of the window (or of the offscreen image) is known from the
    // camera's first frame on.
    let Some(target) = camera.logical_viewport_size() else {
        return;
    };
    recentre.0 = false;
    let (low, high) = geometry.bounds;
    let size = (high - low).max(Vec2::ONE);
    let visible = Vec2::new(
        (target.x - PANEL_LEFT - PANEL_RIGHT).max(200.0),
        (target.y - 140.0).max(200.0),
    );
    let scale = (size.x / visible.x).max(size.y / visible.y) * 1.08;
    if let Projection::Orthographic(ortho) = projection.as_mut() {
        ortho.scale = scale;
    }
    // Shift so that the map sits between the panels.
    let offset = (PANEL_RIGHT - PANEL_LEFT) / 2.0 * scale;
    let centre = (low + high) / 2.0;
    transform.translation = Vec3::new(
        centre.x + offset,
        centre.y - 20.0 * scale,
        transform.translation.z,
    );
}

fn keyboard_pan(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    mut recentre: ResMut<Recentre>,
    camera: Single<(&mut Transform, &Projection), With<MapCamera>>,
) {
    let (mut transform, projection) = camera.into_inner();
    let scale = match projection {
        Projection::Orthographic(o) => o.scale,
        _ => 1.0,
    };
    let mut direction = Vec2::ZERO;
    for (keys_for, d) in [
        ([KeyCode::KeyW, KeyCode::ArrowUp], Vec2::Y),
        ([KeyCode::KeyS, KeyCode::ArrowDown], -Vec2::Y),
        ([KeyCode::KeyA, KeyCode::ArrowLeft], -Vec2::X),
        ([KeyCode::KeyD, KeyCode::ArrowRight], Vec2::X),
    ] {
        if keys.any_pressed(keys_for) {
            direction += d;
        }
    }
    let step = direction.normalize_or_zero() * 600.0 * scale * time.delta_secs();
    transform.translation += step.extend(0.0);
    if keys.just_pressed(KeyCode::KeyC) || keys.just_pressed(KeyCode::Home) {
        recentre.0 = true;
    }
}

#[allow(clippy::too_many_arguments)]
fn pointer(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    mut drag: ResMut<Drag>,
    window: Single<&Window, With<PrimaryWindow>>,
    geometry: Res<MapGeometry>,
    mut selection: ResMut<Selection>,
    camera: Single<(&Camera, &GlobalTransform, &mut Transform, &mut Projection), With<MapCamera>>,
) {
    let (camera, global, mut transform, mut projection) = camera.into_inner();
    let Projection::Orthographic(ortho) = projection.as_mut() else {
        return;
    };
    if buttons.just_pressed(MouseButton::Left) {
        drag.0 = 0.0;
    }
    if buttons.pressed(MouseButton::Left) && motion.delta != Vec2::ZERO {
        drag.0 += motion.delta.length();
        transform.translation += Vec3::new(-motion.delta.x, motion.delta.y, 0.0) * ortho.scale;
    }
    if buttons.just_released(MouseButton::Left)
        && drag.0 < 4.0
        && let Some(cursor) = window.cursor_position()
        && let Ok(point) = camera.viewport_to_world_2d(global, cursor)
    {
        selection.0 = geometry.province_at(point);
    }
    if scroll.delta.y != 0.0 {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
        };
        ortho.scale = (ortho.scale * 0.88f32.powf(lines)).clamp(0.05, 50.0);
    }
}

/// The camera plugin.
pub fn plugin(app: &mut App) {
    app.init_resource::<Drag>();
    app.init_resource::<Recentre>();
    app.add_systems(Startup, spawn_camera);
    app.add_systems(OnEnter(Screen::Playing), request_recentre);
    app.add_systems(
        Update,
        (
            keyboard_pan.run_if(not(egui_wants_any_keyboard_input)),
            pointer.run_if(not(egui_wants_any_pointer_input)),
        )
            .chain()
            .run_if(in_state(Screen::Playing))
            .in_set(GameSystems::Input),
    );
    app.add_systems(
        Update,
        recentre
            .run_if(in_state(Screen::Playing))
            .in_set(GameSystems::Redraw),
    );
}
