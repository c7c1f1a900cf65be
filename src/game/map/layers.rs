//! The map's layers, each one merged mesh with vertex colours: province
//! fills coloured by the map mode, borders (thick between polities and on
//! the coast, thin between provinces), and the outline of the selection.
//! Rebuilt only when the game, the mode or the selection changes.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

use super::geometry::MapGeometry;
use super::hex::{self, CELL};
use super::mode::{MapMode, Selection};
use crate::game::screen::{GameSystems, Screen};
use crate::game::session::Session;
use crate::sim::census::Census;
use crate::sim::geography::DIRECTIONS;
use crate::sim::ids::{CultureId, ProvinceId};
use crate::sim::rules::Rules;
use crate::sim::world::Hex;

/// Which layer an entity draws.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// Province fills.
    Fill,
    /// Borders.
    Borders,
    /// The selected province's outline.
    Selection,
}

/// What the layers were last built from.
#[derive(Resource, Default)]
pub(super) struct Built(Option<(u64, MapMode, Option<ProvinceId>)>);

/// A colour from a gradient of stops over 0..1.
pub fn gradient(stops: &[[f32; 3]], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0) * (stops.len() - 1) as f32;
    let i = (t.floor() as usize).min(stops.len() - 2);
    let f = t - i as f32;
    let (a, b) = (stops[i], stops[i + 1]);
    // Weighted so that t = 1 gives the last stop exactly.
    [0, 1, 2].map(|k| a[k] * (1.0 - f) + b[k] * f)
}

/// Gradient of the domination mode: free (green) to dominated (red).
pub const DOMINATION: [[f32; 3]; 3] = [[0.20, 0.62, 0.35], [0.93, 0.80, 0.30], [0.75, 0.16, 0.14]];
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

/// The fill colour of every province under a map mode.
pub fn province_colors(session: &Session, mode: MapMode) -> Vec<[f32; 3]> {
    let sim = &session.sim;
    let provinces = sim.provinces();
    let polities = sim.polities();
    let ledger = &sim.scores().provinces;
    let census = sim.census();
    let palette = culture_palette(sim.rules(), &sim.level_info().cultures);
    provinces
        .iter()
        .map(|p| {
            let score = ledger.get(p.id.index());
            match mode {
                MapMode::Political => {
                    let c = polities[p.owner.index()].color;
                    // Alternate shades tell provinces of one polity apart.
                    let shade = if p.id.0 % 2 == 0 { 1.0 } else { 0.88 };
                    [c[0] * shade, c[1] * shade, c[2] * shade]
                }
                MapMode::Domination => {
                    gradient(&DOMINATION, score.map_or(0.0, |s| s.domination) as f32)
                }
                MapMode::ExitOption => gradient(&EXIT, score.map_or(0.0, |s| s.exit_option) as f32),
                MapMode::Prosperity => gradient(&PROSPERITY, p.prosperity as f32),
                MapMode::Culture => culture_color(census, &palette, p.id),
            }
        })
        .collect()
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

fn culture_color(census: &Census, palette: &[[f32; 3]], p: ProvinceId) -> [f32; 3] {
    let total = census.population.get(p.index()).copied().unwrap_or(0);
    if total == 0 || census.cultures == 0 {
        return [0.25, 0.25, 0.25];
    }
    let (best, count) = (0..census.cultures)
        .map(|c| (c, census.count(p, CultureId(c as u32))))
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
        .unwrap_or((0, 0));
    let share = count as f32 / total as f32;
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

    fn into_mesh(self) -> Mesh {
        let n = self.positions.len();
        Mesh::new(
            PrimitiveTopology::TriangleList,
            RenderAssetUsages::default(),
        )
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, self.positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0, 0.0, 1.0]; n])
        .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, vec![[0.0, 0.0]; n])
        .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, self.colors)
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

fn border_mesh(cells: &[Vec<Hex>], geometry: &MapGeometry, owner: &[usize]) -> Mesh {
    let mut data = MeshData::default();
    let dark = [0.06, 0.06, 0.08, 1.0];
    let thin = [0.10, 0.10, 0.12, 0.55];
    for (p, list) in cells.iter().enumerate() {
        for &cell in list {
            for (i, (dq, dr)) in DIRECTIONS.iter().enumerate() {
                let next = (cell.0 + dq, cell.1 + dr);
                let (a, b) = (hex::corner(cell, i), hex::corner(cell, (i + 1) % 6));
                match geometry.cell_owner.get(&next) {
                    None => data.segment(a, b, CELL * 0.16, dark),
                    Some(q) if q.index() == p => {}
                    Some(q) if q.index() < p => {} // drawn from the other side
                    Some(q) if owner[q.index()] != owner[p] => {
                        data.segment(a, b, CELL * 0.16, dark)
                    }
                    Some(_) => data.segment(a, b, CELL * 0.05, thin),
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
                    data.segment(a, b, CELL * 0.22, [1.0, 0.97, 0.75, 1.0]);
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

pub(super) fn update_layers(
    session: Option<Res<Session>>,
    mode: Res<MapMode>,
    selection: Res<Selection>,
    mut built: ResMut<Built>,
    mut geometry: ResMut<MapGeometry>,
    mut layers: Query<(&Layer, &mut Mesh2d, &mut Visibility)>,
    mut meshes: ResMut<Assets<Mesh>>,
) {
    let Some(session) = session else {
        return;
    };
    let key = (session.generation, *mode, selection.0);
    if built.0 == Some(key) {
        return;
    }
    let provinces = session.sim.provinces();
    let cells: Vec<Vec<Hex>> = provinces.iter().map(|p| p.cells.clone()).collect();
    let owner: Vec<usize> = provinces.iter().map(|p| p.owner.index()).collect();
    let rebuild_all = built
        .0
        .is_none_or(|(generation, m, _)| generation != session.generation || m != *mode);
    if rebuild_all {
        *geometry = MapGeometry::new(&cells);
    }
    let colors = province_colors(&session, *mode);
    for (layer, mut mesh, mut visibility) in &mut layers {
        let new = match layer {
            Layer::Fill if rebuild_all => fill_mesh(&cells, &colors),
            Layer::Borders if rebuild_all => border_mesh(&cells, &geometry, &owner),
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
    fn gradients_run_from_the_first_to_the_last_stop() {
        assert_eq!(gradient(&DOMINATION, 0.0), DOMINATION[0]);
        assert_eq!(gradient(&DOMINATION, 1.0), DOMINATION[2]);
        assert_eq!(gradient(&EXIT, 2.0), EXIT[1]);
    }
}
