//! Levels (GAME.md §5): reading a `levels/*.ron` file, checking it, and
//! resolving its string ids to typed ids once. Every error carries file,
//! line and column, what was expected and a hint, and a file reports all of
//! its errors at once.

pub mod diagnostic;
pub mod generate;
pub mod schema;
pub mod tree;
mod validate;

pub use validate::{check_struct, resolve_mod_events};

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

pub use diagnostic::{Diagnostic, Diagnostics};
use schema::{LevelFile, Metric, OrderFile, OrdersFile, ScenarioTestFile};
use tree::Node;

use crate::sim::ids::{CultureId, PolityId, ProvinceId};
use crate::sim::world::{Borders, Controller, Hex, Power, Response, Ruler};

/// Data files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A checked level with typed ids.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    /// The file it came from.
    pub file: String,
    /// The folder that relative paths in it are resolved against.
    pub dir: PathBuf,
    /// A hash of the file's text, so that a save can tell if it changed.
    pub fingerprint: u64,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Seed.
    pub seed: u64,
    /// The last turn.
    pub max_turns: u32,
    /// People per agent.
    pub scale: u32,
    /// Cultures by id.
    pub cultures: Vec<String>,
    /// Provinces by id.
    pub provinces: Vec<ProvinceSpec>,
    /// Polities by id.
    pub polities: Vec<PolitySpec>,
    /// Goals.
    pub goals: Vec<Goal>,
    /// Events.
    pub events: Vec<EventSpec>,
    /// Scenario tests (orders are read when a test runs).
    pub tests: Vec<ScenarioTestFile>,
}

/// A province of a level.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceSpec {
    /// Id in files.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Cells.
    pub cells: Vec<Hex>,
    /// Capacity in agents.
    pub capacity: u32,
    /// Prosperity.
    pub prosperity: f64,
    /// Infrastructure.
    pub infrastructure: f64,
    /// Agents by culture.
    pub population: Vec<(CultureId, u32)>,
}

/// A polity of a level.
#[derive(Clone, Debug, PartialEq)]
pub struct PolitySpec {
    /// Id in files.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Colour.
    pub color: [f32; 3],
    /// Its provinces.
    pub provinces: Vec<ProvinceId>,
    /// Ruler.
    pub ruler: Ruler,
    /// Constitution.
    pub power: Power,
    /// Borders.
    pub borders: Borders,
    /// Commune charter.
    pub commune_charter: f64,
    /// Controller.
    pub controller: Controller,
    /// Citizens start coerced.
    pub coerced: bool,
    /// Legitimacy.
    pub legitimacy: f64,
    /// Political capital.
    pub capital: f64,
    /// Standing answer to protest.
    pub response: Response,
}

/// Where a metric is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everyone.
    World,
    /// One polity.
    Polity(PolityId),
}

/// A goal with its scope resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// Metric.
    pub metric: Metric,
    /// Scope.
    pub scope: Scope,
    /// Lower bound.
    pub at_least: Option<f64>,
    /// Upper bound.
    pub at_most: Option<f64>,
    /// Deadline.
    pub by_turn: u32,
}

impl Goal {
    /// True when a value meets the goal's bounds.
    pub fn met_by(&self, value: f64) -> bool {
        self.at_least.is_none_or(|l| value >= l) && self.at_most.is_none_or(|m| value <= m)
    }

    /// The goal in words.
    pub fn describe(&self, polity_name: impl Fn(PolityId) -> String) -> String {
        let scope = match self.scope {
            Scope::World => "world".to_string(),
            Scope::Polity(p) => polity_name(p),
        };
        let bound = match (self.at_least, self.at_most) {
            (Some(l), Some(m)) => format!("between {l} and {m}"),
            (Some(l), None) => format!("at least {l}"),
            (None, Some(m)) => format!("at most {m}"),
            (None, None) => "anything".into(),
        };
        format!(
            "{:?} of {scope} {bound} by turn {}",
            self.metric, self.by_turn
        )
    }
}

/// What starts an event, resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    /// On a turn.
    Turn(u32),
    /// Every n turns.
    Every(u32),
    /// Metric above a value.
    Above(Metric, Scope, f64),
    /// Metric below a value.
    Below(Metric, Scope, f64),
    /// With a probability.
    Chance(f64),
    /// A quantity of a province above a value.
    ProvinceAbove(ProvinceId, schema::ProvinceQuantity, f64),
    /// A quantity of a province below a value.
    ProvinceBelow(ProvinceId, schema::ProvinceQuantity, f64),
}

/// What an event does, resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// A message.
    Message(String),
    /// Prosperity change.
    Prosperity(ProvinceId, f64),
    /// Infrastructure change.
    Infrastructure(ProvinceId, f64),
    /// Authority change.
    Authority(PolityId, f64),
    /// Legitimacy change.
    Legitimacy(PolityId, f64),
    /// Set borders.
    Borders(PolityId, Borders),
    /// Grievance change for a province.
    Grievance(ProvinceId, f64),
    /// Effects of the actions' set, on a polity and maybe a province.
    Act(
        PolityId,
        Option<ProvinceId>,
        Vec<crate::sim::rules::ActionEffect>,
    ),
}

/// A scripted event.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    /// Id.
    pub key: String,
    /// Trigger.
    pub trigger: Trigger,
    /// Effects in order.
    pub effects: Vec<Effect>,
    /// At most once.
    pub once: bool,
}

impl Level {
    /// The polity the player controls, if any.
    pub fn player(&self) -> Option<PolityId> {
        self.polities
            .iter()
            .position(|p| p.controller == Controller::Player)
            .map(|i| PolityId(i as u32))
    }
}

/// Reads a data file, refusing missing, unreadable and oversized ones.
pub fn read_text(path: &Path) -> Result<String, Diagnostics> {
    let file = path.display().to_string();
    let fail = |message: String, hint: &str| {
        Diagnostics(vec![Diagnostic::new(&file, (0, 0), message).hint(hint)])
    };
    let meta = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read the file: {e}"), "check the path"))?;
    if !meta.is_file() {
        return Err(fail("not a file".into(), "give the path of a .ron file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            format!(
                "the file is {} bytes; data files are limited to {MAX_FILE_BYTES} bytes",
                meta.len()
            ),
            "split it, or use `scale` so that each agent stands for more people",
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| fail(format!("cannot read the file: {e}"), "check the path"))?;
    String::from_utf8(bytes).map_err(|e| {
        fail(
            format!("the file is not UTF-8 text: {e}"),
            "save it as UTF-8",
        )
    })
}

/// The `.ron` files directly inside a folder, in name order.
pub fn ron_files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads and checks a level file.
pub fn load(path: &Path) -> Result<Level, Diagnostics> {
    let text = read_text(path)?;
    parse_level(
        &path.display().to_string(),
        &text,
        path.parent().unwrap_or(Path::new(".")),
    )
}

/// Parses and checks level text; `file` names it in errors and `dir` is
/// where its relative paths point.
pub fn parse_level(file: &str, text: &str, dir: &Path) -> Result<Level, Diagnostics> {
    let tree = parse_tree(file, text)?;
    let mut errors = Vec::new();
    validate::check_fields(file, &tree, &mut errors);
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let raw: LevelFile = decode(file, text)?;
    validate::resolve(file, text, dir, &tree, raw)
}

/// Parses a file into a position-keeping tree.
pub fn parse_tree(file: &str, text: &str) -> Result<Node, Diagnostics> {
    tree::parse(text).map_err(|e| {
        Diagnostics(vec![
            Diagnostic::new(file, e.pos, format!("syntax error: {}", e.message))
                .expected(e.expected)
                .hint(
                    "RON looks like `Name(field: value, list: [1, 2])`; strings in double quotes",
                ),
        ])
    })
}

/// Decodes RON into a typed value, turning serde's error into a diagnostic.
pub fn decode<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostics> {
    // `at_least: 0.6` rather than `at_least: Some(0.6)` for optional fields.
    let options = ron::Options::default()
        .with_recursion_limit(tree::MAX_DEPTH)
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options
        .from_str(text)
        .map_err(|e: ron::error::SpannedError| {
            let message = e.code.to_string();
            let hint = type_hint(&message);
            Diagnostics(vec![
                Diagnostic::new(file, (e.span.start.line, e.span.start.col), message).hint(hint),
            ])
        })
}

fn type_hint(message: &str) -> String {
    if message.contains("variant") {
        "enum values are written bare: `exit: Closed`, `controller: Ai(Warden)`".into()
    } else if message.contains("integer") || message.contains("float") || message.contains("number")
    {
        "numbers are written without quotes; whole numbers where a count is meant".into()
    } else if message.contains("string") {
        "strings are written in double quotes".into()
    } else {
        "see docs/levels.md for the format of each field".into()
    }
}

/// Loads an orders file (`Orders([...])`).
pub fn load_orders(path: &Path) -> Result<Vec<OrderFile>, Diagnostics> {
    let file = path.display().to_string();
    let text = read_text(path)?;
    let tree = parse_tree(&file, &text)?;
    let mut errors = Vec::new();
    for (i, order) in tree
        .item(0)
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        validate::check_struct(
            &file,
            order,
            schema::fields::ORDER,
            &format!("order {}", i + 1),
            &mut errors,
        );
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let orders: OrdersFile = decode(&file, &text)?;
    Ok(orders.0)
}

/// The orders of a scenario test, read from its file or inline.
pub fn test_orders(level: &Level, test: &ScenarioTestFile) -> Result<Vec<OrderFile>, Diagnostics> {
    match &test.orders {
        None => Ok(Vec::new()),
        Some(schema::OrdersSource::Inline(list)) => Ok(list.clone()),
        Some(schema::OrdersSource::File(path)) => {
            let full = inside(&level.dir, path)
                .map_err(|e| Diagnostics(vec![Diagnostic::new(&level.file, (0, 0), e)]))?;
            load_orders(&full)
        }
    }
}

/// A path named in a data file, resolved inside `dir`: absolute paths,
/// `..`, and links that point out of the folder are refused, so that a
/// level (a mod's too) reads only files beside it.
pub fn inside(dir: &Path, relative: &str) -> Result<PathBuf, String> {
    use std::path::Component;
    let path = Path::new(relative);
    if path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(format!(
            "`{relative}` leaves the folder of the file that names it: only paths inside it are allowed"
        ));
    }
    let full = dir.join(path);
    if full.exists() {
        let root = dir.canonicalize().map_err(|e| e.to_string())?;
        let real = full.canonicalize().map_err(|e| e.to_string())?;
        if !real.starts_with(&root) {
            return Err(format!(
                "`{relative}` is a link that points out of its folder"
            ));
        }
    }
    Ok(full)
}

/// A 64-bit FNV-1a hash of a text.
pub fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
