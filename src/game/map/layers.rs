//! The map's layers, each one merged mesh with vertex colours: province
//! fills coloured by the map mode, borders (thick between polities and on
//! the coast, thin between provinces, and inside a polity whose borders are
//! closed a red line, amber for permits), the white outline of the player's
//! realm, and the gold outline of the selection. Rebuilt only when the game, the
//! mode, the colours or the selection change.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

use super::geometry::MapGeometry;
use super::hex::{self, CELL};
use super::mode::{MapMode, Selection};
use super::palette::{
    CULTURES, EXIT, PROSPERITY, PolityColours, culture_palette, domination_stops, gradient,
};
use crate::game::screen::{GameSystems, Screen};
use crate::game::session::Session;
use crate::game::settings::{ColourScheme, Settings};
use crate::sim::census::Census;
use crate::sim::geography::DIRECTIONS;
use crate::sim::ids::{CultureId, ProvinceId};
use crate::sim::world::{BorderPolicy, Hex, Polity};

/// Which layer an entity draws.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// Province fills.
    Fill,
    /// Borders.
    Borders,
    /// The outline of the player's realm.
    Realm,
    /// The selected province's outline.
    Selection,
}

/// What the layers were last built from: the game's state, the mode, the
/// selection and the polity colours (chosen anew with the scheme).
#[derive(Resource, Default)]
pub(super) struct Built(Option<(u64, MapMode, Option<ProvinceId>, u64)>);

/// What a data mode shows of each province, 0..1 (the value its colour
/// stands for and the number written under its name); `None` in the
/// political mode. In the culture mode, the share of the largest culture.
pub fn province_values(session: &Session, mode: MapMode) -> Vec<Option<f32>> {
    let sim = &session.sim;
    let ledger = &sim.scores().provinces;
    sim.provinces()
        .iter()
        .map(|p| {
            let score = ledger.get(p.id.index());
            match mode {
                MapMode::Political => None,
                MapMode::Domination => Some(score.map_or(0.0, |s| s.domination) as f32),
                MapMode::ExitOption => Some(score.map_or(0.0, |s| s.exit_option) as f32),
                MapMode::Prosperity => Some(p.prosperity as f32),
                MapMode::Culture => largest_culture(sim.census(), p.id).map(|(_, share)| share),
            }
        })
        .collect()
}

/// The fill colour of every province under a map mode.
pub fn province_colors(
    session: &Session,
    mode: MapMode,
    colours: &PolityColours,
    scheme: ColourScheme,
) -> Vec<[f32; 3]> {
    let sim = &session.sim;
    let palette = culture_palette(sim.rules(), &sim.level_info().cultures);
    let values = province_values(session, mode);
    sim.provinces()
        .iter()
        .zip(values)
        .map(|(p, value)| {
            let value = value.unwrap_or(0.0);
            match mode {
                MapMode::Political => {
                    let c = colours.of(p.owner.index());
                    // Alternate shades tell provinces of one polity apart.
                    let shade = if p.id.0 % 2 == 0 { 1.0 } else { 0.88 };
                    [c[0] * shade, c[1] * shade, c[2] * shade]
                }
                MapMode::Domination => gradient(domination_stops(scheme), value),
                MapMode::ExitOption => gradient(&EXIT, value),
                MapMode::Prosperity => gradient(&PROSPERITY, value),
                MapMode::Culture => culture_color(sim.census(), &palette, p.id),
            }
        })
        .collect()
}

/// The largest culture of a province and its share of the people.
fn largest_culture(census: &Census, p: ProvinceId) -> Option<(usize, f32)> {
    let total = census.population.get(p.index()).copied().unwrap_or(0);
    if total == 0 || census.cultures == 0 {
        return None;
    }
    let (best, count) = (0..census.cultures)
        .map(|c| (c, census.count(p, CultureId(c as u32))))
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))?;
    Some((best, count as f32 / total as f32))
}

fn culture_color(census: &Census, palette: &[[f32; 3]], p: ProvinceId) -> [f32; 3] {
    let Some((best, share)) = largest_culture(census, p) else {
        return [0.25, 0.25, 0.25];
    };
    let base = palette
        .get(best)
        .copied()
        .unwrap_or(CULTURES[best % CULTURES.len()]);
    let grey = 0.45;
    let mix = |v: f32| grey + (v - grey) * share;
    [mix(base[0]), mix(base[1]), mix(base[2])]
}

/// Vertices, colours and indices of a mesh being built.
#[derive(Default)]
struct MeshData {
    positions: Vec<[f32; 3]>,
    colors: Vec<[f32; 4]>,
    indices: Vec<u32>,
}

impl MeshData {
    fn hexagon(&mut self, cell: Hex, color: [f32; 4]) {
        let base = self.positions.len() as u32;
        let c = hex::center(cell);
        self.positions.push([c.x, c.y, 0.0]);
        self.colors.push(color);
        for i in 0..6 {
            let p = hex::corner(cell, i);
            self.positions.push([p.x, p.y, 0.0]);
            self.colors.push(color);
        }
        for i in 0..6u32 {
            self.indices
                .extend([base, base + 1 + i, base + 1 + (i + 1) % 6]);
        }
    }

    fn segment(&mut self, a: Vec2, b: Vec2, width: f32, color: [f32; 4]) {
        let along = (b - a).normalize_or_zero();
        let side = Vec2::new(-along.y, along.x) * width / 2.0;
        // Extend a little so that segments meet at corners.
        let (a, b) = (a - along * width / 2.0, b + along * width / 2.0);
        let base = self.positions.len() as u32;
        for p in [a - side, a + side, b + side, b - side] {
            self.positions.push([p.x, p.y, 0.0]);
            self.colors.push(color);
        }
        self.indices
            .extend([base, base + 1, base + 2, base, base + 2, base + 3]);
    }

    /// A line along the inside of edge `i` of a cell, `inset` from it.
    fn inner_segment(&mut self, cell: Hex, i: usize, inset: f32, width: f32, color: [f32; 4]) {
        let (a, b) = (hex::corner(cell, i), hex::corner(cell, (i + 1) % 6));
        let centre = hex::center(cell);
        // Moving the corners toward the centre keeps the edge parallel; an
        // edge is the apothem (√3/2 of a corner's distance) from the centre.
        let t = (inset + width / 2.0) / (CELL * 0.866);
        self.segment(a + (centre - a) * t, b + (centre - b) * t, width, color);
    }

    fn into_mesh(self) -> Mesh {
        let n = self.positions.len();
        // Colours are chosen in sRGB, as egui draws the legend and the
        // charts; a mesh's vertex colours are linear.
        let colors: Vec<[f32; 4]> = self
            .colors
            .iter()
            .map(|&[r, g, b, a]| Color::srgba(r, g, b, a).to_linear().to_f32_array())
            .collect();
        Mesh::new(
            PrimitiveTopology::TriangleList,
            RenderAssetUsages::default(),
        )
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, self.positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0, 0.0, 1.0]; n])
        .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, vec![[0.0, 0.0]; n])
        .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colors)
        .with_inserted_indices(Indices::U32(self.indices))
    }
}

fn fill_mesh(cells: &[Vec<Hex>], colors: &[[f32; 3]]) -> Mesh {
    let mut data = MeshData::default();
    for (p, list) in cells.iter().enumerate() {
        let [r, g, b] = colors.get(p).copied().unwrap_or([0.3; 3]);
        for &cell in list {
            data.hexagon(cell, [r, g, b, 1.0]);
        }
    }
    data.into_mesh()
}

/// Red for a polity whose exit or entry is closed, amber for one that asks
/// for permits, none for open borders: drawn inside its land borders.
pub fn wall_color(polity: &Polity) -> Option<[f32; 4]> {
    let policies = [polity.borders.exit, polity.borders.entry];
    if policies.contains(&BorderPolicy::Closed) {
        Some([0.86, 0.14, 0.12, 1.0])
    } else if policies.contains(&BorderPolicy::Permit) {
        Some([0.96, 0.62, 0.12, 1.0])
    } else {
        None
    }
}

fn border_mesh(
    cells: &[Vec<Hex>],
    geometry: &MapGeometry,
    owner: &[usize],
    walls: &[Option<[f32; 4]>],
) -> Mesh {
    let mut data = MeshData::default();
    let dark = [0.06, 0.06, 0.08, 1.0];
    let thin = [0.10, 0.10, 0.12, 0.55];
    for (p, list) in cells.iter().enumerate() {
        for &cell in list {
            for (i, (dq, dr)) in DIRECTIONS.iter().enumerate() {
                let next = (cell.0 + dq, cell.1 + dr);
                let (a, b) = (hex::corner(cell, i), hex::corner(cell, (i + 1) % 6));
                let Some(q) = geometry.cell_owner.get(&next) else {
                    data.segment(a, b, CELL * 0.16, dark);
                    continue;
                };
                if owner[q.index()] == owner[p] {
                    // Drawn once, from the lower id's side.
                    if q.index() > p {
                        data.segment(a, b, CELL * 0.05, thin);
                    }
                    continue;
                }
                if q.index() > p {
                    data.segment(a, b, CELL * 0.16, dark);
                }
                // The wall is on the side of the polity that built it.
                if let Some(color) = walls.get(owner[p]).copied().flatten() {
                    data.inner_segment(cell, i, CELL * 0.2, CELL * 0.1, color);
                }
            }
        }
    }
    data.into_mesh()
}

/// The outline of the player's provinces where they meet another polity's
/// or the sea, inside the border line.
fn realm_mesh(
    cells: &[Vec<Hex>],
    geometry: &MapGeometry,
    owner: &[usize],
    player: Option<usize>,
) -> Mesh {
    let mut data = MeshData::default();
    let Some(player) = player else {
        return data.into_mesh();
    };
    for (p, list) in cells
        .iter()
        .enumerate()
        .filter(|&(p, _)| owner[p] == player)
    {
        for &cell in list {
            for (i, (dq, dr)) in DIRECTIONS.iter().enumerate() {
                let next = (cell.0 + dq, cell.1 + dr);
                let ours = geometry
                    .cell_owner
                    .get(&next)
                    .is_some_and(|q| owner[q.index()] == owner[p]);
                if !ours {
                    data.inner_segment(cell, i, CELL * 0.04, CELL * 0.14, [0.97, 0.97, 0.95, 1.0]);
                }
            }
        }
    }
    data.into_mesh()
}

fn selection_mesh(
    cells: &[Vec<Hex>],
    geometry: &MapGeometry,
    selected: Option<ProvinceId>,
) -> Mesh {
    let mut data = MeshData::default();
    if let Some(p) = selected
        && let Some(list) = cells.get(p.index())
    {
        for &cell in list {
            for (i, (dq, dr)) in DIRECTIONS.iter().enumerate() {
                let next = (cell.0 + dq, cell.1 + dr);
                if geometry.cell_owner.get(&next) != Some(&p) {
                    let (a, b) = (hex::corner(cell, i), hex::corner(cell, (i + 1) % 6));
                    data.segment(a, b, CELL * 0.22, [1.0, 0.80, 0.15, 1.0]);
                }
            }
        }
    }
    data.into_mesh()
}

fn spawn_layers(
    mut commands: Commands,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut built: ResMut<Built>,
) {
    built.0 = None;
    let material = materials.add(ColorMaterial::from(Color::WHITE));
    for (layer, z) in [
        (Layer::Fill, 0.0),
        (Layer::Borders, 1.0),
        (Layer::Realm, 1.5),
        (Layer::Selection, 2.0),
    ] {
        commands.spawn((
            layer,
            Mesh2d(Handle::default()),
            // Shown once it has a mesh with something in it.
            Visibility::Hidden,
            MeshMaterial2d(material.clone()),
            Transform::from_xyz(0.0, 0.0, z),
            DespawnOnExit(Screen::Playing),
        ));
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn update_layers(
    session: Option<Res<Session>>,
    (mode, selection): (Res<MapMode>, Res<Selection>),
    (colours, settings): (Res<PolityColours>, Option<Res<Settings>>),
    mut built: ResMut<Built>,
    mut geometry: ResMut<MapGeometry>,
    mut layers: Query<(&Layer, &mut Mesh2d, &mut Visibility)>,
    mut meshes: ResMut<Assets<Mesh>>,
) {
    let Some(session) = session else {
        return;
    };
    let scheme = settings.map_or(ColourScheme::default(), |s| s.colours);
    // A new scheme gives new polity colours (a new version) too.
    let key = (session.generation, *mode, selection.0, colours.version);
    if built.0 == Some(key) {
        return;
    }
    let provinces = session.sim.provinces();
    let cells: Vec<Vec<Hex>> = provinces.iter().map(|p| p.cells.clone()).collect();
    let owner: Vec<usize> = provinces.iter().map(|p| p.owner.index()).collect();
    let (new_game, new_fill) = match built.0 {
        None => (true, true),
        Some((generation, m, _, version)) => {
            let new_game = generation != session.generation;
            (
                new_game,
                new_game || m != *mode || version != colours.version,
            )
        }
    };
    if new_game {
        *geometry = MapGeometry::new(&cells);
    }
    let walls: Vec<Option<[f32; 4]>> = session
        .sim
        .polities()
        .iter()
        .map(|p| wall_color(p))
        .collect();
    let player = session.player().map(|p| p.id.index());
    for (layer, mut mesh, mut visibility) in &mut layers {
        let new = match layer {
            Layer::Fill if new_fill => {
                fill_mesh(&cells, &province_colors(&session, *mode, &colours, scheme))
            }
            Layer::Borders if new_game => border_mesh(&cells, &geometry, &owner, &walls),
            Layer::Realm if new_game => realm_mesh(&cells, &geometry, &owner, player),
            Layer::Selection => selection_mesh(&cells, &geometry, selection.0),
            _ => continue,
        };
        // An empty mesh (no province selected) is not drawn at all: the
        // renderer's allocator complains about meshes with no vertices.
        if new.count_vertices() == 0 {
            *visibility = Visibility::Hidden;
            continue;
        }
        *visibility = Visibility::Inherited;
        mesh.0 = meshes.add(new);
    }
    built.0 = Some(key);
}

/// The layers plugin.
pub fn plugin(app: &mut App) {
    app.init_resource::<Built>();
    app.add_systems(OnEnter(Screen::Playing), spawn_layers);
    app.add_systems(
        Update,
        update_layers
            .run_if(in_state(Screen::Playing))
            .in_set(GameSystems::Redraw),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_borders_and_the_players_realm_are_drawn() {
        // Two provinces of one cell each, side by side, of two polities.
        let cells = vec![vec![(0, 0)], vec![(1, 0)]];
        let geometry = MapGeometry::new(&cells);
        let owner = [0, 1];
        let open = border_mesh(&cells, &geometry, &owner, &[None, None]).count_vertices();
        let red = Some([1.0, 0.0, 0.0, 1.0]);
        let closed = border_mesh(&cells, &geometry, &owner, &[red, None]).count_vertices();
        // One wall (a quad) on the closed polity's side of the one shared edge.
        assert_eq!(closed - open, 4);
        let both = border_mesh(&cells, &geometry, &owner, &[red, red]).count_vertices();
        assert_eq!(both - open, 8);
        // The realm: every edge of the player's cell (one to the
        // neighbour, five to the sea); nothing without a player.
        let realm =
            |owner: &[usize], player| realm_mesh(&cells, &geometry, owner, player).count_vertices();
        assert_eq!(realm(&owner, Some(0)), 6 * 4);
        assert_eq!(realm(&owner, None), 0);
        // Two provinces of the player: the edge between them is inside.
        assert_eq!(realm(&[0, 0], Some(0)), 10 * 4);
    }
}
