//! The map's colours: each polity's colour under the player's colour scheme
//! (distinct colours for neighbours, the level's own, or a colour-blind-safe
//! set), the gradients of the data modes, and the cultures' colours. The
//! charts use the same polity colours as the map.

use std::collections::BTreeSet;

use bevy::prelude::*;

use crate::game::session::Session;
use crate::game::settings::{ColourScheme, Settings};
use crate::sim::ids::PolityId;
use crate::sim::rules::Rules;
use crate::sim::simulation::Simulation;
use crate::sim::world::Polity;

/// Medium-light colours that tell polities apart (after Tableau's 20).
const DISTINCT: [[u8; 3]; 16] = [
    [0x4E, 0x79, 0xA7],
    [0xF2, 0x8E, 0x2B],
    [0xE1, 0x57, 0x59],
    [0x76, 0xB7, 0xB2],
    [0x59, 0xA1, 0x4F],
    [0xED, 0xC9, 0x48],
    [0xB0, 0x7A, 0xA1],
    [0xFF, 0x9D, 0xA7],
    [0x9C, 0x75, 0x5F],
    [0xA0, 0xCB, 0xE8],
    [0x8C, 0xD1, 0x7D],
    [0xB6, 0x99, 0x2D],
    [0x49, 0x98, 0x94],
    [0xD3, 0x72, 0x95],
    [0xD4, 0xA6, 0xC8],
    [0xFF, 0xBE, 0x7D],
];

/// Okabe and Ito's colours, told apart under every common colour-vision
/// deficiency (black left out: it is the borders' colour).
const COLOUR_BLIND: [[u8; 3]; 7] = [
    [0xE6, 0x9F, 0x00],
    [0x56, 0xB4, 0xE9],
    [0x00, 0x9E, 0x73],
    [0xF0, 0xE4, 0x42],
    [0x00, 0x72, 0xB2],
    [0xD5, 0x5E, 0x00],
    [0xCC, 0x79, 0xA7],
];

/// Gradient of the domination mode: free (green) to dominated (red).
pub const DOMINATION: [[f32; 3]; 3] = [[0.20, 0.62, 0.35], [0.93, 0.80, 0.30], [0.75, 0.16, 0.14]];
/// The same for colour-blind eyes: free (blue) to dominated (orange).
pub const DOMINATION_SAFE: [[f32; 3]; 3] =
    [[0.05, 0.40, 0.68], [0.90, 0.88, 0.78], [0.84, 0.37, 0.0]];
/// Gradient of the exit mode: none (dark) to full (teal).
pub const EXIT: [[f32; 3]; 2] = [[0.16, 0.15, 0.20], [0.30, 0.85, 0.80]];
/// Gradient of the prosperity mode: poor (brown) to rich (gold).
pub const PROSPERITY: [[f32; 3]; 2] = [[0.30, 0.20, 0.14], [0.98, 0.82, 0.30]];
/// Colours of cultures, by id (repeating).
pub const CULTURES: [[f32; 3]; 8] = [
    [0.85, 0.37, 0.30],
    [0.30, 0.55, 0.85],
    [0.55, 0.78, 0.33],
    [0.80, 0.55, 0.85],
    [0.95, 0.70, 0.25],
    [0.35, 0.80, 0.75],
    [0.65, 0.45, 0.30],
    [0.60, 0.60, 0.60],
];

/// The domination gradient under a scheme.
pub fn domination_stops(scheme: ColourScheme) -> &'static [[f32; 3]] {
    match scheme {
        ColourScheme::ColourBlind => &DOMINATION_SAFE,
        _ => &DOMINATION,
    }
}

/// A colour from a gradient of stops over 0..1.
pub fn gradient(stops: &[[f32; 3]], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0) * (stops.len() - 1) as f32;
    let i = (t.floor() as usize).min(stops.len() - 2);
    let f = t - i as f32;
    let (a, b) = (stops[i], stops[i + 1]);
    // Weighted so that t = 1 gives the last stop exactly.
    [0, 1, 2].map(|k| a[k] * (1.0 - f) + b[k] * f)
}

/// The colour of each of a level's cultures: from the rules'
/// `cultures.ron` when defined there, else from a fixed palette.
pub fn culture_palette(rules: &Rules, cultures: &[String]) -> Vec<[f32; 3]> {
    cultures
        .iter()
        .enumerate()
        .map(|(i, id)| match rules.culture(id) {
            Some(def) => [def.color.0, def.color.1, def.color.2],
            None => CULTURES[i % CULTURES.len()],
        })
        .collect()
}

/// A culture's display name: from the rules when defined there.
pub fn culture_name<'a>(rules: &'a Rules, id: &'a str) -> &'a str {
    rules.culture(id).map_or(id, |c| c.name.as_str())
}

/// Every polity's colour, by id, and what they were chosen for.
#[derive(Resource, Default, Debug)]
pub struct PolityColours {
    /// The colour of each polity, by id.
    pub colours: Vec<[f32; 3]>,
    /// The game opened and the scheme they were chosen for.
    key: Option<(u64, ColourScheme)>,
    /// Changes whenever a colour does (the map's fills are rebuilt).
    pub version: u64,
}

impl PolityColours {
    /// A polity's colour (grey for one not known yet).
    pub fn of(&self, polity: usize) -> [f32; 3] {
        self.colours.get(polity).copied().unwrap_or([0.5; 3])
    }
}

fn rgb([r, g, b]: [u8; 3]) -> [f32; 3] {
    [r, g, b].map(|v| f32::from(v) / 255.0)
}

/// Two colours whose squared distance (RGB, 0..1) is at least this are
/// told apart at a glance.
pub const FAR: f32 = 0.05;

fn distance(a: [f32; 3], b: [f32; 3]) -> f32 {
    (0..3).map(|k| (a[k] - b[k]).powi(2)).sum::<f32>()
}

/// Which polities share a border, as pairs `(low, high)` of indices.
pub fn polity_borders(sim: &Simulation) -> BTreeSet<(usize, usize)> {
    let provinces = sim.provinces();
    let mut pairs = BTreeSet::new();
    for (p, next) in sim.geography().neighbours.iter().enumerate() {
        let Some(a) = provinces.get(p).map(|q| q.owner.index()) else {
            continue;
        };
        for q in next {
            if let Some(b) = provinces.get(q.index()).map(|q| q.owner.index())
                && a != b
            {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    pairs
}

/// The polities that share a border with `polity`, in id order.
pub fn neighbours(sim: &Simulation, polity: PolityId) -> Vec<PolityId> {
    let i = polity.index();
    polity_borders(sim)
        .into_iter()
        .filter_map(|(a, b)| match (a == i, b == i) {
            (true, _) => Some(b),
            (_, true) => Some(a),
            _ => None,
        })
        .map(|k| PolityId(k as u32))
        .collect()
}

/// Colours for the polities: those in `kept` stay as they are (a polity
/// never changes colour during a game); each other polity, in id order,
/// takes from the scheme's palette a colour far from every neighbour's
/// (or, when none is, one no neighbour has), the one used least so far,
/// and of those the nearest to the level's colour for it.
/// Under the level's own scheme every polity keeps the level's colour.
pub fn assign(
    polities: &[&Polity],
    borders: &BTreeSet<(usize, usize)>,
    scheme: ColourScheme,
    kept: &[[f32; 3]],
) -> Vec<[f32; 3]> {
    let palette: Vec<[f32; 3]> = match scheme {
        ColourScheme::Level => return polities.iter().map(|p| p.color).collect(),
        ColourScheme::Distinct => DISTINCT.iter().copied().map(rgb).collect(),
        ColourScheme::ColourBlind => COLOUR_BLIND.iter().copied().map(rgb).collect(),
    };
    let mut colours: Vec<[f32; 3]> = kept.iter().copied().take(polities.len()).collect();
    for polity in &polities[colours.len()..] {
        let i = polity.id.index();
        let taken: Vec<[f32; 3]> = borders
            .iter()
            .filter_map(|&(a, b)| match (a == i, b == i) {
                (true, _) => colours.get(b).copied(),
                (_, true) => colours.get(a).copied(),
                _ => None,
            })
            .collect();
        let uses = |c: &[f32; 3]| colours.iter().filter(|d| *d == c).count();
        // Far from every neighbour's colour when the palette allows it,
        // else at least not the same.
        let far = |c: &&[f32; 3]| taken.iter().all(|t| distance(**c, *t) >= FAR);
        let free = |c: &&[f32; 3]| !taken.contains(c);
        let candidates: Vec<&[f32; 3]> = match palette.iter().filter(far).count() {
            0 => palette.iter().filter(free).collect(),
            _ => palette.iter().filter(far).collect(),
        };
        let best = candidates
            .into_iter()
            .min_by(|a, b| {
                uses(a)
                    .cmp(&uses(b))
                    .then(distance(**a, polity.color).total_cmp(&distance(**b, polity.color)))
            })
            // Every colour is a neighbour's: share the least used.
            .or_else(|| palette.iter().min_by_key(|c| uses(c)))
            .copied()
            .unwrap_or(polity.color);
        colours.push(best);
    }
    colours
}

/// Chooses the colours when a game opens or the scheme changes, and gives
/// polities founded since a colour of their own.
pub(super) fn update_colours(
    session: Option<Res<Session>>,
    settings: Option<Res<Settings>>,
    mut colours: ResMut<PolityColours>,
) {
    let Some(session) = session else {
        return;
    };
    let scheme = settings.map_or(ColourScheme::default(), |s| s.colours);
    let key = Some((session.opened, scheme));
    let polities = session.sim.polities();
    if colours.key == key && colours.colours.len() == polities.len() {
        return;
    }
    let kept = if colours.key == key {
        std::mem::take(&mut colours.colours)
    } else {
        Vec::new()
    };
    colours.colours = assign(&polities, &polity_borders(&session.sim), scheme, &kept);
    colours.key = key;
    colours.version += 1;
}

/// The palette plugin (its system runs before the layers are built: see
/// the map's plugin).
pub fn plugin(app: &mut App) {
    app.init_resource::<PolityColours>();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradients_run_from_the_first_to_the_last_stop() {
        assert_eq!(gradient(&DOMINATION, 0.0), DOMINATION[0]);
        assert_eq!(gradient(&DOMINATION, 1.0), DOMINATION[2]);
        assert_eq!(gradient(&EXIT, 2.0), EXIT[1]);
    }
}
