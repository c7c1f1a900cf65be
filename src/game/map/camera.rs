//! The map camera: drag or WASD/arrow keys to pan, the wheel to zoom about
//! the pointer, `C` to fit the map again; a click (released without a drag)
//! selects the province under the pointer by an exact hex hit test, and
//! the province under the pointer is the hovered one ([`Hovered`]). The
//! map takes the pointer only where the panels leave it ([`MapArea`]), and
//! is fitted into that area whenever a game opens or the window resizes.

use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::{EguiWantsInput, egui_wants_any_keyboard_input};

use super::geometry::MapGeometry;
use super::mode::{Hovered, Selection};
use crate::game::screen::{GameSystems, Screen};
use crate::game::session::Session;

/// The camera that looks at the map (egui draws with it too).
#[derive(Component)]
pub struct MapCamera;

/// Width of the left-hand panel (the polity's ledger), in points, at most.
pub const PANEL_LEFT: f32 = 330.0;
/// Width of the right-hand panel (actions and the province), at most.
pub const PANEL_RIGHT: f32 = 420.0;

/// The part of the window the map shows through, left free by the panels
/// and the log, in logical pixels; written by the panels every frame. The
/// map takes the pointer only there, and the camera fits the map into it.
/// `open` is false while a modal window (the pause menu, a question) owns
/// the input. Without the panels (`--offscreen`) the resource is absent and
/// the whole window is the map's.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct MapArea {
    /// Where the map shows; `None` until the panels were first laid out.
    pub rect: Option<Rect>,
    /// The map answers the pointer and the keys.
    pub open: bool,
    /// Where the provinces' names were drawn last frame.
    pub labels: Vec<Rect>,
}

impl MapArea {
    /// The map takes input at this point of the window.
    fn takes(&self, cursor: Vec2) -> bool {
        self.open && self.rect.is_some_and(|r| r.contains(cursor))
    }
}

/// A press of the left button: whether it began over the map, and how far
/// the pointer has moved since.
#[derive(Resource, Default)]
struct Press {
    on_map: bool,
    drag: f32,
}

/// Set when the map should be fitted again (`C`, Home).
#[derive(Resource, Default)]
pub struct Recentre(pub bool);

/// A point of the map the camera should centre on in the map's area (a
/// notification's *Show*), at the present zoom.
#[derive(Resource, Default)]
pub struct Focus(pub Option<Vec2>);

fn focus(
    mut focus: ResMut<Focus>,
    area: Option<Res<MapArea>>,
    camera: Single<(&Camera, &mut Transform, &Projection), With<MapCamera>>,
) {
    let Some(point) = focus.0.take() else {
        return;
    };
    let (camera, mut transform, projection) = camera.into_inner();
    let (Projection::Orthographic(ortho), Some(window)) =
        (projection, camera.logical_viewport_size())
    else {
        return;
    };
    let area = area
        .and_then(|a| a.rect)
        .unwrap_or(Rect::from_corners(Vec2::ZERO, window));
    let centre = looking_at(point, area, window, ortho.scale);
    transform.translation = centre.extend(transform.translation.z);
}

/// What the camera was last fitted to: the game opened or loaded, the
/// map's bounds, the area it shows in and the window's size (which the
/// camera learns a frame after the panels do). When any of them changes (a
/// level opened, a save loaded, the window resized), the map is fitted
/// again.
#[derive(Resource, Default, PartialEq)]
struct Fitted(Option<(u64, [f32; 4], [f32; 6])>);

fn spawn_camera(mut commands: Commands) {
    commands.spawn((Camera2d, MapCamera, Msaa::Sample4));
}

/// The scale and centre that show `bounds` whole inside `area` of a window
/// of `window` size (logical pixels, y down), with a margin.
pub fn fit(bounds: (Vec2, Vec2), area: Rect, window: Vec2) -> (f32, Vec2) {
    let (low, high) = bounds;
    let size = (high - low).max(Vec2::ONE);
    let visible = area.size().max(Vec2::splat(100.0));
    let scale = (size.x / visible.x).max(size.y / visible.y) * 1.08;
    (scale, looking_at((low + high) / 2.0, area, window, scale))
}

/// Where the camera looks (it looks at the window's centre) so that
/// `point` of the map shows at the centre of `area`, at `scale`.
fn looking_at(point: Vec2, area: Rect, window: Vec2, scale: f32) -> Vec2 {
    let shift = area.center() - window / 2.0;
    point - Vec2::new(shift.x, -shift.y) * scale
}

#[allow(clippy::type_complexity)]
fn recentre(
    mut recentre: ResMut<Recentre>,
    mut fitted: ResMut<Fitted>,
    geometry: Res<MapGeometry>,
    session: Option<Res<Session>>,
    area: Option<Res<MapArea>>,
    camera: Single<(&Camera, &mut Transform, &mut Projection), With<MapCamera>>,
) {
    let Some(session) = session else {
        return;
    };
    if geometry.centroids.is_empty() {
        return;
    }
    let (camera, mut transform, mut projection) = camera.into_inner();
    // The size of the window (or of the offscreen image) is known from the
    // camera's first frame on.
    let Some(window) = camera.logical_viewport_size() else {
        return;
    };
    let area = match area {
        // The panels have not been laid out yet.
        Some(area) if area.rect.is_none() => return,
        Some(area) => area.rect.unwrap_or_default(),
        None => Rect::from_corners(Vec2::ZERO, window),
    };
    let (low, high) = geometry.bounds;
    let key = Some((
        session.opened,
        [low.x, low.y, high.x, high.y],
        [
            area.min.x, area.min.y, area.max.x, area.max.y, window.x, window.y,
        ],
    ));
    if fitted.0 == key && !recentre.0 {
        return;
    }
    recentre.0 = false;
    fitted.0 = key;
    let (scale, centre) = fit(geometry.bounds, area, window);
    if let Projection::Orthographic(ortho) = projection.as_mut() {
        ortho.scale = scale;
    }
    transform.translation = centre.extend(transform.translation.z);
}

fn keyboard_pan(
    keys: Res<ButtonInput<KeyCode>>,
    time: Res<Time>,
    area: Option<Res<MapArea>>,
    mut recentre: ResMut<Recentre>,
    camera: Single<(&mut Transform, &Projection), With<MapCamera>>,
) {
    if area.is_some_and(|a| !a.open) {
        return;
    }
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

/// Whether the pointer is over the map and not over a panel or a window.
fn over_map(cursor: Option<Vec2>, area: Option<&MapArea>, egui_wants: &EguiWantsInput) -> bool {
    let Some(cursor) = cursor else {
        return false;
    };
    if egui_wants.wants_any_pointer_input() {
        return false;
    }
    area.is_none_or(|a| a.takes(cursor))
}

#[allow(clippy::too_many_arguments)]
fn pointer(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    mut press: ResMut<Press>,
    window: Single<&Window, With<PrimaryWindow>>,
    (area, egui_wants): (Option<Res<MapArea>>, Res<EguiWantsInput>),
    (geometry, mut selection, mut hovered): (Res<MapGeometry>, ResMut<Selection>, ResMut<Hovered>),
    camera: Single<(&Camera, &GlobalTransform, &mut Transform, &mut Projection), With<MapCamera>>,
) {
    let (camera, global, mut transform, mut projection) = camera.into_inner();
    let Projection::Orthographic(ortho) = projection.as_mut() else {
        return;
    };
    let cursor = window.cursor_position();
    let on_map = over_map(cursor, area.as_deref(), &egui_wants);
    let under = cursor.filter(|_| on_map).and_then(|c| {
        let point = camera.viewport_to_world_2d(global, c).ok()?;
        Some((geometry.province_at(point)?, c))
    });
    hovered.set_if_neq(Hovered(under));
    if buttons.just_pressed(MouseButton::Left) {
        // A press that begins over a panel belongs to the panel until it
        // is released, wherever the pointer goes.
        *press = Press { on_map, drag: 0.0 };
    }
    if press.on_map && buttons.pressed(MouseButton::Left) && motion.delta != Vec2::ZERO {
        press.drag += motion.delta.length();
        transform.translation += Vec3::new(-motion.delta.x, motion.delta.y, 0.0) * ortho.scale;
    }
    // A province is selected when the button is released over the map
    // without a drag.
    if buttons.just_released(MouseButton::Left)
        && std::mem::take(&mut press.on_map)
        && press.drag < 4.0
        && on_map
        && let Some(cursor) = cursor
        && let Ok(point) = camera.viewport_to_world_2d(global, cursor)
    {
        selection.0 = geometry.province_at(point);
    }
    if scroll.delta.y != 0.0
        && on_map
        && let Some(cursor) = cursor
        && let Some(size) = camera.logical_viewport_size()
    {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
        };
        let old = ortho.scale;
        ortho.scale = (old * 0.88f32.powf(lines)).clamp(0.05, 50.0);
        // Zoom about the pointer: the point under it stays under it.
        let offset = cursor - size / 2.0;
        let offset = Vec2::new(offset.x, -offset.y) * (old - ortho.scale);
        transform.translation += offset.extend(0.0);
    }
}

/// The camera plugin.
pub fn plugin(app: &mut App) {
    app.init_resource::<Press>();
    app.init_resource::<Recentre>();
    app.init_resource::<Focus>();
    app.init_resource::<Fitted>();
    app.init_resource::<EguiWantsInput>();
    app.add_systems(Startup, spawn_camera);
    // Opening the game again fits the map again, even to the same level.
    app.add_systems(OnExit(Screen::Playing), |mut fitted: ResMut<Fitted>| {
        fitted.0 = None;
    });
    app.add_systems(
        Update,
        (
            keyboard_pan.run_if(not(egui_wants_any_keyboard_input)),
            pointer,
        )
            .chain()
            .run_if(in_state(Screen::Playing))
            .in_set(GameSystems::Input),
    );
    app.add_systems(
        Update,
        (recentre, focus)
            .chain()
            .after(super::layers::update_layers)
            .run_if(in_state(Screen::Playing))
            .in_set(GameSystems::Redraw),
    );
}
