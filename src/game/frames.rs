//! `play LEVEL --frame-times N`: measures the frame time of the map as a
//! player meets it — N frames while the camera pans back and forth and
//! zooms in and out — prints the median, the 95th percentile and the
//! slowest frame, and exits. Where the adapter has timestamp queries, the
//! GPU's share of the frame is printed too. `scripts/frame-time.sh` runs it
//! the same way here (Mesa's software renderer) and on a machine with a GPU,
//! in the window or, with `--offscreen`, drawn into an image.

use bevy::diagnostic::DiagnosticsStore;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use bevy::render::diagnostic::RenderDiagnosticsPlugin;

use super::map::camera::MapCamera;
use super::offscreen;
use super::screen::GameSystems;

/// Frames not measured while the map is first built and drawn.
const WARM_UP: u32 = 30;

#[derive(Resource)]
struct Measure {
    frames: u32,
    offscreen: bool,
    seen: u32,
    times: Vec<f32>,
    /// The GPU time of the frames whose timestamps have come back.
    gpu_times: Vec<f32>,
    /// When the last GPU time came back, so that each is counted once.
    gpu_seen: Option<Instant>,
}

/// The GPU time of the newest frame whose timestamps have come back, if it
/// is newer than `since`: the sum of the top-level passes' GPU spans
/// (`render/<pass>/elapsed_gpu`; nested spans are inside their pass).
fn gpu_frame(store: &DiagnosticsStore, since: Option<Instant>) -> Option<(Instant, f32)> {
    let spans: Vec<_> = store
        .iter()
        .filter(|d| {
            let parts: Vec<&str> = d.path().components().collect();
            parts.len() == 3 && parts[0] == "render" && parts[2] == "elapsed_gpu"
        })
        .filter_map(|d| d.measurement())
        .collect();
    let newest = spans.iter().map(|m| m.time).max()?;
    if since.is_some_and(|t| t >= newest) {
        return None;
    }
    let ms: f64 = spans
        .iter()
        .filter(|m| m.time == newest)
        .map(|m| m.value)
        .sum();
    Some((newest, ms as f32))
}

/// The median, 95th percentile and slowest of `times` (sorted here).
fn quantiles(times: &mut [f32]) -> (f32, f32, f32) {
    times.sort_by(f32::total_cmp);
    let at = |q: f32| {
        times
            .get(((times.len().saturating_sub(1)) as f32 * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    (at(0.5), at(0.95), at(1.0))
}

/// The line `scripts/frame-time.sh` reads.
fn report(state: &mut Measure) -> String {
    let (median, p95, slowest) = quantiles(&mut state.times);
    let mut line = format!(
        "frames: {}  median {median:.2} ms  p95 {p95:.2} ms  slowest {slowest:.2} ms",
        state.times.len()
    );
    if !state.gpu_times.is_empty() {
        let (median, p95, _) = quantiles(&mut state.gpu_times);
        line += &format!("  gpu median {median:.2} ms  p95 {p95:.2} ms");
    }
    if state.offscreen {
        line += &format!(
            "  (offscreen {}x{}: the map without the panels)",
            offscreen::SIZE.x,
            offscreen::SIZE.y
        );
    }
    line
}

fn measure(
    mut state: ResMut<Measure>,
    // Real time: the game's clock caps a frame at 250 ms.
    time: Res<Time<Real>>,
    diagnostics: Option<Res<DiagnosticsStore>>,
    camera: Option<Single<(&mut Transform, &mut Projection), With<MapCamera>>>,
    mut exit: MessageWriter<AppExit>,
) {
    state.seen += 1;
    // Pan and zoom, as a player does.
    if let Some(camera) = camera {
        let (mut transform, mut projection) = camera.into_inner();
        let phase = state.seen as f32 / 60.0;
        if let Projection::Orthographic(ortho) = projection.as_mut() {
            transform.translation.x += 4.0 * ortho.scale * phase.sin();
            ortho.scale *= 1.0 + 0.01 * (phase * 0.7).cos();
        }
    }
    let gpu = diagnostics.and_then(|store| gpu_frame(&store, state.gpu_seen));
    if let Some((at, _)) = gpu {
        state.gpu_seen = Some(at);
    }
    if state.seen <= WARM_UP {
        return;
    }
    state.times.push(time.delta_secs() * 1000.0);
    if let Some((_, ms)) = gpu {
        state.gpu_times.push(ms);
    }
    if state.times.len() as u32 >= state.frames {
        println!("{}", report(&mut state));
        exit.write(AppExit::Success);
    }
}

/// The plugin: measure `frames` frames, then exit. `offscreen` says so in
/// the printed line.
pub fn plugin(frames: u32, offscreen: bool) -> impl Fn(&mut App) {
    move |app: &mut App| {
        // GPU timestamps of each pass, where the adapter has them.
        app.add_plugins(RenderDiagnosticsPlugin);
        app.insert_resource(Measure {
            frames: frames.max(1),
            offscreen,
            seen: 0,
            times: Vec::new(),
            gpu_times: Vec::new(),
            gpu_seen: None,
        });
        app.add_systems(Update, measure.in_set(GameSystems::Input));
    }
}
