//! Sound: a chime when a turn has been played, a ping when it brought a
//! notification, and a music bed, at the volume the settings keep. The
//! sounds are synthesized ([`synth`]); playing them needs the optional
//! `audio` feature (the ALSA headers on Linux), without which the game is
//! silent and the settings say how to build it with sound.

pub mod synth;

/// True when this build plays sound.
pub const BUILT: bool = cfg!(feature = "audio");

#[cfg(feature = "audio")]
mod play {
    use bevy::audio::{AudioSink, AudioSinkPlayback, AudioSource, PlaybackSettings, Volume};
    use bevy::prelude::*;

    use super::synth;
    use crate::game::screen::{GameSystems, Screen};
    use crate::game::session::Session;
    use crate::game::settings::Settings;
    use crate::game::ui::state::UiState;

    /// The synthesized sounds.
    #[derive(Resource)]
    struct Sounds {
        chime: Handle<AudioSource>,
        ping: Handle<AudioSource>,
    }

    /// Marks the music bed.
    #[derive(Component)]
    struct Music;

    fn source(samples: &[f32]) -> AudioSource {
        AudioSource {
            bytes: synth::wav(samples).into(),
        }
    }

    fn setup(
        mut commands: Commands,
        mut sources: ResMut<Assets<AudioSource>>,
        settings: Option<Res<Settings>>,
    ) {
        commands.insert_resource(Sounds {
            chime: sources.add(source(&synth::chime())),
            ping: sources.add(source(&synth::ping())),
        });
        let (volume, music) = settings.map_or((0.6, true), |s| (s.volume, s.music));
        commands.spawn((
            Music,
            AudioPlayer(sources.add(source(&synth::music_bed()))),
            PlaybackSettings {
                volume: Volume::Linear(if music { volume * 0.5 } else { 0.0 }),
                ..PlaybackSettings::LOOP
            },
        ));
    }

    /// After a turn: the ping when it brought a notification, else the
    /// chime.
    fn after_turn(
        mut commands: Commands,
        session: Option<Res<Session>>,
        (sounds, settings, state): (Res<Sounds>, Option<Res<Settings>>, Res<UiState>),
        mut heard: Local<Option<(u64, u32)>>,
    ) {
        let Some(session) = session else {
            return;
        };
        let now = (session.opened, session.turn());
        let played = matches!(*heard, Some((opened, turn)) if opened == now.0 && turn < now.1);
        *heard = Some(now);
        if !played {
            return;
        }
        let volume = settings.map_or(0.6, |s| s.volume);
        let news = state.toasts.list.iter().any(|t| t.turn == now.1);
        let sound = if news { &sounds.ping } else { &sounds.chime };
        commands.spawn((
            AudioPlayer(sound.clone()),
            PlaybackSettings {
                volume: Volume::Linear(volume),
                ..PlaybackSettings::DESPAWN
            },
            DespawnOnExit(Screen::Playing),
        ));
    }

    /// The music follows the volume and the music setting.
    fn music_volume(
        settings: Option<Res<Settings>>,
        mut music: Query<&mut AudioSink, With<Music>>,
    ) {
        let Some(settings) = settings.filter(|s| s.is_changed()) else {
            return;
        };
        let volume = if settings.music {
            settings.volume * 0.5
        } else {
            0.0
        };
        for mut sink in &mut music {
            sink.set_volume(Volume::Linear(volume));
        }
    }

    /// The sound plugin.
    pub fn plugin(app: &mut App) {
        app.add_systems(Startup, setup);
        app.add_systems(
            Update,
            (after_turn.run_if(in_state(Screen::Playing)), music_volume)
                .in_set(GameSystems::Redraw),
        );
    }
}

/// The sound plugin: plays the sounds when built with `audio`.
pub fn plugin(app: &mut bevy::prelude::App) {
    #[cfg(feature = "audio")]
    app.add_plugins(play::plugin);
    #[cfg(not(feature = "audio"))]
    let _ = app;
}
