//! `generate`: writes a valid level of a given size: connected hex
//! provinces grown from random seeds, polities grown over province
//! adjacency, mixed AI archetypes, cultures with minorities.

use std::collections::VecDeque;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::schema::{LevelFile, PolityFile, ProvinceFile};
use crate::sim::geography::{Geography, hex_neighbours};
use crate::sim::world::{Archetype, BorderPolicy, Borders, Controller, Hex, Power, Ruler};

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct GenerateOptions {
    /// Provinces.
    pub provinces: u32,
    /// Citizen agents in all.
    pub citizens: u64,
    /// Polities.
    pub polities: u32,
    /// Seed of the generator and of the level.
    pub seed: u64,
}

/// Cells per province, on average.
const CELLS_PER_PROVINCE: usize = 3;

/// Generates a level as RON text.
pub fn generate(options: GenerateOptions) -> Result<String, String> {
    let n = options.provinces as usize;
    if n == 0 || n > 100_000 {
        return Err("--provinces must be from 1 to 100000".into());
    }
    let k = options.polities.clamp(1, options.provinces) as usize;
    if options.citizens > super::validate::MAX_AGENTS {
        return Err(format!(
            "--citizens must be at most {}",
            super::validate::MAX_AGENTS
        ));
    }
    let mut rng = StdRng::seed_from_u64(options.seed);

    // A roughly square patch of hex cells, grown into provinces.
    let cells_total = n * CELLS_PER_PROVINCE;
    let width = (cells_total as f64).sqrt().ceil() as i32;
    let height = (cells_total as i32 + width - 1) / width;
    let mut grid: Vec<Hex> = Vec::with_capacity((width * height) as usize);
    for row in 0..height {
        for col in 0..width {
            grid.push((col - row / 2, row));
        }
    }
    let index_of = |cell: Hex| -> Option<usize> {
        let (q, r) = cell;
        let col = q + r / 2;
        (r >= 0 && r < height && col >= 0 && col < width).then(|| (r * width + col) as usize)
    };
    let mut owner: Vec<usize> = vec![usize::MAX; grid.len()];
    let mut queue = VecDeque::new();
    let mut seeds = 0;
    while seeds < n {
        let cell = rng.random_range(0..grid.len());
        if owner[cell] == usize::MAX {
            owner[cell] = seeds;
            queue.push_back(cell);
            seeds += 1;
        }
    }
    while let Some(cell) = queue.pop_front() {
        for next in hex_neighbours(grid[cell]) {
            if let Some(j) = index_of(next)
                && owner[j] == usize::MAX
            {
                owner[j] = owner[cell];
                queue.push_back(j);
            }
        }
    }
    let mut cells: Vec<Vec<Hex>> = vec![Vec::new(); n];
    for (i, &o) in owner.iter().enumerate() {
        cells[o].push(grid[i]);
    }

    // Polities grown over province adjacency from random seed provinces.
    let geography = Geography::from_cells(&cells);
    let mut polity_of = vec![usize::MAX; n];
    let mut queue = VecDeque::new();
    let mut placed = 0;
    while placed < k {
        let p = rng.random_range(0..n);
        if polity_of[p] == usize::MAX {
            polity_of[p] = placed;
            queue.push_back(p);
            placed += 1;
        }
    }
    while let Some(p) = queue.pop_front() {
        for q in &geography.neighbours[p] {
            if polity_of[q.index()] == usize::MAX {
                polity_of[q.index()] = polity_of[p];
                queue.push_back(q.index());
            }
        }
    }

    let culture_count = k.clamp(1, 8);
    let cultures: Vec<String> = (0..culture_count).map(|c| format!("culture_{c}")).collect();
    let base = options.citizens / n as u64;
    let extra = options.citizens % n as u64;
    let provinces: Vec<ProvinceFile> = (0..n)
        .map(|p| {
            let people = (base + u64::from((p as u64) < extra)) as u32;
            let home = polity_of[p] % culture_count;
            let other = (home + 1 + rng.random_range(0..culture_count.max(2) - 1)) % culture_count;
            let minority = if culture_count > 1 { people / 5 } else { 0 };
            let mut population = vec![(cultures[home].clone(), people - minority)];
            if minority > 0 && other != home {
                population.push((cultures[other].clone(), minority));
            } else if minority > 0 {
                population[0].1 += minority;
            }
            ProvinceFile {
                id: format!("p{p}"),
                name: format!("Province {p}"),
                cells: cells[p].clone(),
                capacity: (f64::from(people.max(1)) * rng.random_range(1.0..1.5)).ceil() as u32,
                prosperity: rng.random_range(0.3..0.7),
                infrastructure: rng.random_range(0.0..0.5),
                population,
            }
        })
        .collect();

    let polities: Vec<PolityFile> = (0..k)
        .map(|i| {
            let archetype = [
                Archetype::Warden,
                Archetype::Reformer,
                Archetype::Opportunist,
            ][i % 3];
            let (power, authority, exit) = match archetype {
                Archetype::Warden => (
                    Power {
                        ruler: 0.9,
                        province: 0.1,
                        municipal: 0.0,
                        citizens: 0.0,
                    },
                    0.9,
                    BorderPolicy::Closed,
                ),
                Archetype::Reformer => (
                    Power {
                        ruler: 0.4,
                        province: 0.3,
                        municipal: 0.3,
                        citizens: 0.0,
                    },
                    0.3,
                    BorderPolicy::Open,
                ),
                Archetype::Opportunist => (
                    Power {
                        ruler: 0.6,
                        province: 0.2,
                        municipal: 0.2,
                        citizens: 0.0,
                    },
                    0.6,
                    BorderPolicy::Permit,
                ),
            };
            PolityFile {
                id: format!("k{i}"),
                name: format!("Polity {i}"),
                color: (
                    rng.random_range(0.2..0.9),
                    rng.random_range(0.2..0.9),
                    rng.random_range(0.2..0.9),
                ),
                provinces: (0..n)
                    .filter(|&p| polity_of[p] == i)
                    .map(|p| format!("p{p}"))
                    .collect(),
                ruler: Ruler {
                    name: format!("Ruler {i}"),
                    authority,
                },
                power,
                borders: Borders { exit, entry: exit },
                commune_charter: if archetype == Archetype::Reformer {
                    0.2
                } else {
                    0.0
                },
                controller: if i == 0 {
                    Controller::Player
                } else {
                    Controller::Ai(archetype)
                },
                coerced: false,
                legitimacy: 0.6,
                capital: 5.0,
                response: None,
            }
        })
        .collect();

    let level = LevelFile {
        name: format!("Generated: {n} provinces, {} citizens", options.citizens),
        description: format!(
            "Generated with seed {}: {k} polities of mixed archetypes.",
            options.seed
        ),
        seed: options.seed,
        max_turns: 100,
        scale: 1,
        cultures,
        provinces,
        polities,
        goals: Vec::new(),
        events: Vec::new(),
        tests: Vec::new(),
    };
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(3)
        .struct_names(false);
    let body = ron::ser::to_string_pretty(&level, config).map_err(|e| e.to_string())?;
    Ok(format!(
        "// Generated by `free-association generate`.\nLevel{body}\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn generated_levels_pass_every_check() {
        for (provinces, polities) in [(1, 1), (7, 3), (60, 5)] {
            let text = generate(GenerateOptions {
                provinces,
                citizens: 500,
                polities,
                seed: 3,
            })
            .unwrap_or_else(|e| panic!("{e}"));
            let level = crate::level::parse_level("gen.ron", &text, Path::new("."))
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert_eq!(level.provinces.len(), provinces as usize);
            let agents: u32 = level
                .provinces
                .iter()
                .flat_map(|p| &p.population)
                .map(|x| x.1)
                .sum();
            assert_eq!(agents, 500);
        }
    }

    #[test]
    fn same_seed_same_level() {
        let options = GenerateOptions {
            provinces: 20,
            citizens: 100,
            polities: 4,
            seed: 9,
        };
        assert_eq!(generate(options), generate(options));
    }
}
