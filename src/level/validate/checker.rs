//! Collects the semantic errors of one file, each at its place.

use crate::level::diagnostic::Diagnostic;
use crate::level::tree::{Node, PathStep};

/// The errors found so far in one file.
pub struct Checker<'a> {
    /// The file, for messages.
    pub file: &'a str,
    /// Its tree, to locate paths.
    pub tree: &'a Node,
    /// Every error so far, in the order found.
    pub errors: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// A checker of `file` with no errors yet.
    pub fn new(file: &'a str, tree: &'a Node) -> Checker<'a> {
        Checker {
            file,
            tree,
            errors: Vec::new(),
        }
    }

    /// Reports an error at a path of the file.
    pub fn error(&mut self, path: &[PathStep], message: String, expected: &str, hint: String) {
        let d = Diagnostic::new(self.file, self.tree.locate(path), message)
            .expected(expected)
            .hint(hint);
        self.errors.push(d);
    }

    /// Reports a number outside `low..=high` (or not a number).
    pub fn range(&mut self, path: &[PathStep], what: &str, value: f64, low: f64, high: f64) {
        if !(low..=high).contains(&value) || value.is_nan() {
            self.error(
                path,
                format!("{what} is {value}, out of range"),
                &format!("a number from {low} to {high}"),
                format!("use a value between {low} and {high}"),
            );
        }
    }
}
