//! Every unknown, repeated or missing field of every struct of a file,
//! reported at once with its place (GAME.md §5), before serde reads the
//! file's types: a misspelt field is named with its nearest valid name.

use std::collections::BTreeSet;

use super::diagnostic::{Diagnostic, nearest, suggestion};
use super::schema::fields;
use super::tree::{Node, Pos, Value};

/// Reports every unknown, duplicate or missing field of one struct.
pub fn check_struct(
    file: &str,
    node: &Node,
    valid: &[(&str, bool)],
    what: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let present: Vec<(&str, Pos)> = match &node.value {
        Value::Struct { fields, .. } => fields.iter().map(|(n, p, _)| (n.as_str(), *p)).collect(),
        Value::Tuple { items, .. } if items.is_empty() => Vec::new(),
        _ => {
            errors.push(
                Diagnostic::new(file, node.pos, format!("{what} should be a struct"))
                    .expected("`(field: value, ...)`"),
            );
            return;
        }
    };
    let names = valid.iter().map(|f| f.0);
    let mut seen = BTreeSet::new();
    for (name, pos) in &present {
        if !valid.iter().any(|f| f.0 == *name) {
            errors.push(
                Diagnostic::new(file, *pos, format!("unknown field `{name}` in {what}"))
                    .expected(format!(
                        "one of {}",
                        names.clone().collect::<Vec<_>>().join(", ")
                    ))
                    .hint(suggestion(name, names.clone())),
            );
        } else if !seen.insert(*name) {
            errors.push(
                Diagnostic::new(
                    file,
                    *pos,
                    format!("field `{name}` appears twice in {what}"),
                )
                .hint("remove one of them"),
            );
        }
    }
    // A misspelled required field is reported once, as the unknown field
    // with its "did you mean", not again as missing.
    let misspelled: Vec<&str> = present
        .iter()
        .filter(|(n, _)| !valid.iter().any(|f| f.0 == *n))
        .filter_map(|(n, _)| nearest(n, names.clone()))
        .collect();
    for (name, required) in valid {
        if *required && !present.iter().any(|(n, _)| n == name) && !misspelled.contains(name) {
            errors.push(
                Diagnostic::new(
                    file,
                    node.pos,
                    format!("{what} is missing the field `{name}`"),
                )
                .expected(format!("`{name}: ...`"))
                .hint("see docs/levels.md for what it means"),
            );
        }
    }
}

fn check_list(
    file: &str,
    root: &Node,
    field: &str,
    valid: &[(&str, bool)],
    what: &str,
    errors: &mut Vec<Diagnostic>,
) {
    if let Some(list) = root.field(field) {
        for (i, item) in list.items().iter().enumerate() {
            check_struct(file, item, valid, &format!("{what} {}", i + 1), errors);
        }
    }
}

/// Checks the fields of every struct in a level tree.
pub fn check_fields(file: &str, root: &Node, errors: &mut Vec<Diagnostic>) {
    check_struct(file, root, fields::LEVEL, "the level", errors);
    check_list(
        file,
        root,
        "provinces",
        fields::PROVINCE,
        "province",
        errors,
    );
    check_list(file, root, "goals", fields::GOAL, "goal", errors);
    check_list(file, root, "events", fields::EVENT, "event", errors);
    if let Some(list) = root.field("polities") {
        for (i, polity) in list.items().iter().enumerate() {
            let what = format!("polity {}", i + 1);
            check_struct(file, polity, fields::POLITY, &what, errors);
            for (field, valid) in [
                ("ruler", fields::RULER),
                ("power", fields::POWER),
                ("borders", fields::BORDERS),
            ] {
                if let Some(node) = polity.field(field) {
                    check_struct(file, node, valid, &format!("`{field}` of {what}"), errors);
                }
            }
        }
    }
    if let Some(list) = root.field("tests") {
        for (i, test) in list.items().iter().enumerate() {
            let what = format!("test {}", i + 1);
            check_struct(file, test, fields::TEST, &what, errors);
            for (j, expect) in test
                .field("expect")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                check_struct(
                    file,
                    expect,
                    fields::EXPECT,
                    &format!("expectation {} of {what}", j + 1),
                    errors,
                );
            }
            if let Some(orders) = test.field("orders")
                && let Value::List(items) = &orders.value
            {
                for (j, order) in items.iter().enumerate() {
                    check_struct(
                        file,
                        order,
                        fields::ORDER,
                        &format!("order {} of {what}", j + 1),
                        errors,
                    );
                }
            }
        }
    }
}
