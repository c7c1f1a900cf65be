//! Levels (GAME.md §5): reading a `levels/*.ron` file, checking it, and
//! producing the simulation's [`Scenario`] with every name resolved once.
//! Every error carries file, line and column, what was expected and a
//! hint, and a file reports all of its errors at once.
//!
//! A file is read in three passes: the position-keeping tree (syntax, and
//! every unknown or missing field), serde (types), then the semantic
//! checks of `validate`, which resolve the names.

pub mod diagnostic;
pub mod fields;
pub mod generate;
pub mod orders;
pub mod read;
pub mod schema;
pub mod scope;
pub mod tree;
mod validate;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics};
pub use fields::check_struct;
pub use orders::load_orders;
pub use read::{
    MAX_FILE_BYTES, decode, fingerprint, inside, parse_tree, read_text, ron_files, ron_files_in,
};
pub use validate::{MAX_AGENTS, resolve_mod_events};

use schema::{LevelFile, OrderFile, OrdersSource, ScenarioTestFile};

use crate::sim::scenario::Scenario;

/// A checked level: the scenario it describes, and what belongs to the
/// file rather than to the world (its folder and its scenario tests).
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    /// The scenario, with typed ids.
    pub scenario: Scenario,
    /// The folder that relative paths in it are resolved against.
    pub dir: PathBuf,
    /// Scenario tests (their orders are read when a test runs).
    pub tests: Vec<ScenarioTestFile>,
}

impl Level {
    /// The file it came from.
    pub fn file(&self) -> &str {
        &self.scenario.file
    }

    /// The orders of one of its scenario tests, read from their file or
    /// written inline.
    pub fn test_orders(&self, test: &ScenarioTestFile) -> Result<Vec<OrderFile>, Diagnostics> {
        match &test.orders {
            None => Ok(Vec::new()),
            Some(OrdersSource::Inline(list)) => Ok(list.clone()),
            Some(OrdersSource::File(path)) => {
                let full = inside(&self.dir, path)
                    .map_err(|e| Diagnostics(vec![Diagnostic::new(self.file(), (0, 0), e)]))?;
                load_orders(&full)
            }
        }
    }
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
    fields::check_fields(file, &tree, &mut errors);
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let raw: LevelFile = decode(file, text)?;
    let (scenario, tests) = validate::resolve(file, text, dir, &tree, raw)?;
    Ok(Level {
        scenario,
        dir: dir.to_path_buf(),
        tests,
    })
}
