//! Orders files (GAME.md §6): `Orders([...])`, the format of `--orders`,
//! of scenario tests and of the game's replay log. Every unknown or
//! missing field of every order is reported at once.

use std::path::Path;

use super::diagnostic::Diagnostics;
use super::fields::check_struct;
use super::read::{decode, parse_tree, read_text};
use super::schema::{OrderFile, OrdersFile, fields};
use super::tree::Node;

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
        check_struct(
            &file,
            order,
            fields::ORDER,
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
