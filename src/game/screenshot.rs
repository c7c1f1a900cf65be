//! `play LEVEL --screenshot FILE`: plays the first turn (so that migration
//! arrows and charts have data), lets the frame settle, saves a PNG of the
//! window and exits.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

use super::map::Hovered;
use super::screen::GameSystems;
use super::session::{Command, Session};

/// Frames to wait after the turn before capturing, and the most to wait for
/// the file.
const SETTLE_FRAMES: u32 = 45;
const GIVE_UP_FRAMES: u32 = 900;

#[derive(Resource)]
struct Request {
    path: PathBuf,
    turns: u32,
    frame: u32,
    taken: bool,
}

fn drive(
    mut request: ResMut<Request>,
    mut commands: Commands,
    mut game: MessageWriter<Command>,
    mut exit: MessageWriter<AppExit>,
    session: Option<Res<Session>>,
) {
    let first = 2;
    // The turns are played in the background: the countdown to the capture
    // waits until they are all done.
    let thinking = session.is_some_and(|s| s.thinking());
    if thinking && request.frame >= first + request.turns && !request.taken {
        return;
    }
    request.frame += 1;
    if request.frame >= first && request.frame < first + request.turns {
        game.write(Command::EndTurn);
    }
    if request.frame == first + request.turns + SETTLE_FRAMES && !request.taken {
        request.taken = true;
        let _ = std::fs::remove_file(&request.path);
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(request.path.clone()));
    }
    if request.taken && std::fs::metadata(&request.path).is_ok_and(|m| m.len() > 0) {
        // One more frame lets the writer finish before exiting.
        if request.frame > first + request.turns + SETTLE_FRAMES + 20 {
            info!("saved {}", request.path.display());
            exit.write(AppExit::Success);
        }
    } else if request.frame > GIVE_UP_FRAMES + request.turns {
        error!("no screenshot after {GIVE_UP_FRAMES} frames");
        exit.write(AppExit::error());
    }
}

/// The screenshot plugin: play `turns` turns, then save one file.
pub fn plugin(path: PathBuf, turns: u32) -> impl Fn(&mut App) {
    move |app: &mut App| {
        app.insert_resource(Request {
            path: path.clone(),
            turns,
            frame: 0,
            taken: false,
        });
        app.add_systems(Update, drive.in_set(GameSystems::Input));
        // The picture is of the map, not of the card of whichever province
        // the display's pointer happens to rest on.
        app.add_systems(
            Update,
            (|mut hovered: ResMut<Hovered>| {
                hovered.set_if_neq(Hovered(None));
            })
            .after(GameSystems::Input)
            .before(GameSystems::Redraw),
        );
    }
}
