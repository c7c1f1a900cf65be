//! `play LEVEL --frame-times N`: measures the frame time of the map as a
//! player meets it — N frames while the camera pans back and forth and
//! zooms in and out — prints the median, the 95th percentile and the
//! slowest frame, and exits. `scripts/frame-time.sh` runs it the same way
//! here (Mesa's software renderer under Xvfb) and on a machine with a GPU.

use bevy::prelude::*;

use super::map::camera::MapCamera;
use super::screen::GameSystems;

/// Frames not measured while the map is first built and drawn.
const WARM_UP: u32 = 30;

#[derive(Resource)]
struct Measure {
    frames: u32,
    seen: u32,
    times: Vec<f32>,
}

fn measure(
    mut state: ResMut<Measure>,
    time: Res<Time>,
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
    if state.seen <= WARM_UP {
        return;
    }
    let ms = time.delta_secs() * 1000.0;
    state.times.push(ms);
    if state.times.len() as u32 >= state.frames {
        let mut times = std::mem::take(&mut state.times);
        times.sort_by(f32::total_cmp);
        let at = |q: f32| times[((times.len() - 1) as f32 * q) as usize];
        println!(
            "frames: {}  median {:.2} ms  p95 {:.2} ms  slowest {:.2} ms",
            times.len(),
            at(0.5),
            at(0.95),
            times.last().copied().unwrap_or(0.0)
        );
        exit.write(AppExit::Success);
    }
}

/// The plugin: measure `frames` frames, then exit.
pub fn plugin(frames: u32) -> impl Fn(&mut App) {
    move |app: &mut App| {
        app.insert_resource(Measure {
            frames: frames.max(1),
            seen: 0,
            times: Vec::new(),
        });
        app.add_systems(Update, measure.in_set(GameSystems::Input));
    }
}
