//! `play LEVEL --frame-times N --offscreen`: the map drawn into a
//! 1600×900 image instead of a window, so that the frame time can be
//! measured on a machine with a GPU and no display server. The map is built
//! and drawn as in the window; the egui panels, which need a window, are
//! left out.

use bevy::app::ScheduleRunnerPlugin;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::{PollType, TextureFormat, TextureUsages};
use bevy::render::renderer::RenderDevice;
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;

use super::map::camera::MapCamera;

/// The size of the image the map is drawn into: the window's size.
pub const SIZE: UVec2 = super::WINDOW_SIZE;

/// The engine without a window: no window is opened, and the frames are
/// driven by a plain loop instead of winit, which needs a display server.
pub fn default_plugins() -> impl PluginGroup {
    DefaultPlugins
        .set(WindowPlugin {
            primary_window: None,
            // No window to close: the measurement ends the app.
            exit_condition: ExitCondition::DontExit,
            ..default()
        })
        .disable::<WinitPlugin>()
}

/// Points the map camera at an image of [`SIZE`].
fn target_image(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    camera: Single<Entity, With<MapCamera>>,
) {
    let mut image = Image::new_target_texture(SIZE.x, SIZE.y, TextureFormat::Rgba8UnormSrgb, None);
    // So that `Screenshot::image` can read it back, to see what was drawn.
    image.texture_descriptor.usage |= TextureUsages::COPY_SRC;
    let target = RenderTarget::from(images.add(image));
    commands.entity(*camera).insert(target);
}

/// Waits until the GPU has finished the frame. A window's swap chain holds
/// the renderer back to the GPU's pace; an image does not, and the frame
/// time would otherwise count only the work of submitting it.
fn wait_for_gpu(device: Res<RenderDevice>) {
    if let Err(e) = device.poll(PollType::wait_indefinitely()) {
        warn!("waiting for the GPU: {e}");
    }
}

/// The offscreen plugin: the frame loop, the image target, and no panels.
pub fn plugin(app: &mut App) {
    app.add_plugins(ScheduleRunnerPlugin::run_loop(std::time::Duration::ZERO));
    app.add_systems(PostStartup, target_image);
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        render_app.add_systems(Render, wait_for_gpu.after(RenderSystems::Render));
    }
}
