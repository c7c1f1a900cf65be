//! The game's sounds, made from sine waves rather than read from files: a
//! chime when a turn has been played, a ping for a notification, and a
//! slow music bed of four chords that loops without a seam. Each comes as
//! the bytes of a WAV file (16-bit mono) that the audio engine decodes.

use std::f32::consts::TAU;

/// Samples per second.
pub const RATE: u32 = 22_050;

/// A WAV file of the samples (−1..1, clipped), 16-bit mono.
pub fn wav(samples: &[f32]) -> Vec<u8> {
    let data = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data.to_le_bytes());
    for &s in samples {
        let v = (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)) as i16;
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// A bell-like note: a tone and its octave, struck and dying away.
fn bell(frequency: f32, seconds: f32, start: f32, t: f32) -> f32 {
    let t = t - start;
    if !(0.0..seconds).contains(&t) {
        return 0.0;
    }
    let attack = (t / 0.01).min(1.0);
    let decay = (-t * 5.0 / seconds).exp();
    attack * decay * ((TAU * frequency * t).sin() * 0.7 + (TAU * 2.0 * frequency * t).sin() * 0.3)
}

fn render(seconds: f32, f: impl Fn(f32) -> f32) -> Vec<f32> {
    let n = (seconds * RATE as f32) as usize;
    (0..n).map(|i| f(i as f32 / RATE as f32)).collect()
}

/// Two notes rising a fifth: the turn has been played.
pub fn chime() -> Vec<f32> {
    render(1.2, |t| {
        0.35 * (bell(523.25, 0.9, 0.0, t) + bell(783.99, 0.9, 0.12, t))
    })
}

/// A bright single note: something happened that concerns you.
pub fn ping() -> Vec<f32> {
    render(0.8, |t| 0.35 * bell(1046.5, 0.7, 0.0, t))
}

/// Sixteen seconds of four soft chords (A minor, F, C, G), four seconds
/// each, faded in and out so that the loop has no seam.
pub fn music_bed() -> Vec<f32> {
    const CHORDS: [[f32; 3]; 4] = [
        [220.00, 261.63, 329.63],
        [174.61, 220.00, 261.63],
        [130.81, 164.81, 196.00],
        [196.00, 246.94, 293.66],
    ];
    let chord_seconds = 4.0;
    render(16.0, |t| {
        let i = ((t / chord_seconds) as usize).min(CHORDS.len() - 1);
        let within = t - i as f32 * chord_seconds;
        // Each chord swells and fades within its four seconds.
        let envelope = (std::f32::consts::PI * within / chord_seconds)
            .sin()
            .powi(2);
        let tone: f32 = CHORDS[i]
            .iter()
            .map(|&f| (TAU * f * t).sin() + 0.25 * (TAU * 2.0 * f * t).sin())
            .sum();
        0.08 * envelope * tone
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sounds_are_wav_files_of_the_right_length_that_never_clip() {
        for (samples, seconds) in [(chime(), 1.2), (ping(), 0.8), (music_bed(), 16.0)] {
            assert_eq!(samples.len(), (seconds * RATE as f32) as usize);
            let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
            assert!(peak > 0.05 && peak <= 1.0, "peak {peak}");
            let file = wav(&samples);
            assert_eq!(&file[..4], b"RIFF");
            assert_eq!(&file[8..16], b"WAVEfmt ");
            assert_eq!(file.len(), 44 + samples.len() * 2);
        }
        // The music loops without a click: silent at both ends.
        let bed = music_bed();
        assert!(bed[0].abs() < 1e-3 && bed[bed.len() - 1].abs() < 1e-3);
    }
}
