//! RON as RON: every way of writing a shipped level that the `ron` crate
//! reads as the same data (extension headers, CRLF, tabs, comments, no
//! struct name, no trailing commas, hex and underscored integers, exponent
//! floats, `+` signs, unicode escapes, raw strings) is read by the game as
//! the same world: same state hash after a few turns.

use free_association::level::schema::LevelFile;
use free_association::level::{decode, parse_level};
use free_association::sim::rules::Rules;
use free_association::sim::simulation::Simulation;

use crate::{root, shipped_names};

/// What a character of a RON text is part of.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Code,
    Str,
    Comment,
}

/// The kind of every character of `text` (strings with their quotes;
/// line and nested block comments).
fn kinds(text: &[char]) -> Vec<Kind> {
    let mut kinds = vec![Kind::Code; text.len()];
    let mut i = 0;
    while i < text.len() {
        let next = text.get(i + 1).copied();
        let start = i;
        let kind = match (text[i], next) {
            ('/', Some('/')) => {
                while i < text.len() && text[i] != '\n' {
                    i += 1;
                }
                Kind::Comment
            }
            ('/', Some('*')) => {
                let mut depth = 0;
                loop {
                    match (text.get(i), text.get(i + 1)) {
                        (Some('/'), Some('*')) => {
                            depth += 1;
                            i += 2;
                        }
                        (Some('*'), Some('/')) => {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        }
                        (Some(_), _) => i += 1,
                        (None, _) => break,
                    }
                }
                Kind::Comment
            }
            ('"', _) => {
                i += 1;
                while i < text.len() && text[i] != '"' {
                    i += if text[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                Kind::Str
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let end = i.min(text.len());
        kinds[start..end].fill(kind);
    }
    kinds
}

/// Rewrites every number of the code (not in strings or comments) with
/// `f(number, the code before it)`.
fn numbers(text: &str, f: impl Fn(&str, &str) -> Option<String>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let kinds = kinds(&chars);
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
        let starts = kinds[i] == Kind::Code
            && chars[i].is_ascii_digit()
            && !i
                .checked_sub(1)
                .map(|k| chars[k])
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if !starts {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&k| !(chars[k].is_ascii_digit() || chars[k] == '.'))
            .unwrap_or(chars.len());
        let number: String = chars[i..end].iter().collect();
        let context = before.map(|c| c.to_string()).unwrap_or_default();
        out.push_str(&f(&number, &context).unwrap_or(number));
        i = end;
    }
    out
}

/// Rewrites each string (with its quotes) with `f`.
fn strings(text: &str, f: impl Fn(&str) -> String) -> String {
    let chars: Vec<char> = text.chars().collect();
    let kinds = kinds(&chars);
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if kinds[i] != Kind::Str {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&k| kinds[k] != Kind::Str)
            .unwrap_or(chars.len());
        let s: String = chars[i..end].iter().collect();
        out.push_str(&f(&s));
        i = end;
    }
    out
}

/// Drops every comma of the code that only comments and spaces separate
/// from a closing bracket.
fn no_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let kinds = kinds(&chars);
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let trailing = c == ',' && kinds[i] == Kind::Code && {
            let next = (i + 1..chars.len()).find(|&k| match kinds[k] {
                Kind::Comment => false,
                Kind::Code => !chars[k].is_whitespace(),
                Kind::Str => true,
            });
            next.is_some_and(|k| matches!(chars[k], ')' | ']' | '}'))
        };
        if !trailing {
            out.push(c);
        }
    }
    out
}

/// What a rewrite makes of a level's text.
type Rewrite = Box<dyn Fn(&str) -> String>;

/// Every rewrite: a name and what it makes of a level's text.
fn rewrites() -> Vec<(&'static str, Rewrite)> {
    vec![
        ("CRLF", Box::new(|t: &str| t.replace('\n', "\r\n"))),
        (
            "tabs",
            Box::new(|t: &str| {
                t.lines()
                    .map(|l| {
                        let spaces = l.len() - l.trim_start_matches(' ').len();
                        format!("{}{}", "\t".repeat(spaces / 4), &l[spaces / 4 * 4..])
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
        ),
        (
            "nested block comments",
            Box::new(|t: &str| format!("/* a /* nested */ comment */\n{t}\n/* end */ // done")),
        ),
        (
            "implicit_some",
            Box::new(|t: &str| format!("#![enable(implicit_some)]\n{t}")),
        ),
        (
            "unwrap_newtypes and unwrap_variant_newtypes",
            Box::new(|t: &str| {
                format!("#![enable(unwrap_newtypes, unwrap_variant_newtypes,)]\n{t}")
            }),
        ),
        (
            "two attributes",
            Box::new(|t: &str| {
                format!("// header\n#![enable( implicit_some )]\n#![type = \"level\"]\n\n{t}")
            }),
        ),
        (
            "no struct name",
            Box::new(|t: &str| t.replacen("Level(", "(", 1)),
        ),
        ("no trailing commas", Box::new(no_trailing_commas)),
        (
            "hex integers",
            Box::new(|t: &str| {
                numbers(t, |n, _| n.parse::<u64>().ok().map(|v| format!("0x{v:X}")))
            }),
        ),
        (
            "underscored integers",
            Box::new(|t: &str| {
                numbers(t, |n, _| {
                    (n.len() > 1 && !n.contains('.')).then(|| format!("{}_{}", &n[..1], &n[1..]))
                })
            }),
        ),
        (
            "exponent floats",
            Box::new(|t: &str| {
                numbers(t, |n, _| {
                    let (whole, fraction) = n.split_once('.')?;
                    let digits = format!("{whole}{fraction}");
                    let digits = digits.trim_start_matches('0');
                    let digits = if digits.is_empty() { "0" } else { digits };
                    Some(format!("{digits}e-{}", fraction.len()))
                })
            }),
        ),
        (
            "+ signs",
            Box::new(|t: &str| numbers(t, |n, before| (before == ":").then(|| format!("+{n}")))),
        ),
        (
            "unicode escapes",
            Box::new(|t: &str| strings(t, |s| s.replace('a', "\\u{61}"))),
        ),
        (
            "raw strings",
            Box::new(|t: &str| {
                strings(t, |s| {
                    let inner = &s[1..s.len() - 1];
                    if inner.contains('\\') {
                        s.to_string()
                    } else {
                        format!("r#\"{inner}\"#")
                    }
                })
            }),
        ),
    ]
}

/// The state hash of a level's world after three turns.
fn hash_after_turns(file: &str, text: &str) -> Result<u64, String> {
    let dir = root().join("levels");
    let level = parse_level(file, text, &dir).map_err(|e| e.to_string())?;
    let rules = Rules::base().map_err(|e| e.to_string())?;
    let mut sim = Simulation::new(&level.scenario, rules, None);
    for _ in 0..3 {
        sim.step();
    }
    Ok(sim.state_hash())
}

#[test]
fn every_form_ron_reads_as_the_same_level_loads_the_same_world() {
    let mut read_by_ron = vec![0; rewrites().len()];
    for name in shipped_names() {
        let path = root().join("levels").join(&name);
        let file = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let original: LevelFile = decode(&file, &text).unwrap_or_else(|e| panic!("{e}"));
        let expected = hash_after_turns(&file, &text).unwrap_or_else(|e| panic!("{e}"));
        for (k, (what, rewrite)) in rewrites().iter().enumerate() {
            let rewritten = rewrite(&text);
            assert_ne!(rewritten, text, "{what} changed nothing in {name}");
            // Only the forms the ron crate reads as the same data count.
            if decode::<LevelFile>(&file, &rewritten).ok().as_ref() != Some(&original) {
                continue;
            }
            read_by_ron[k] += 1;
            assert_eq!(
                hash_after_turns(&file, &rewritten),
                Ok(expected),
                "{name} written with {what} loads another world"
            );
        }
    }
    // Every level in every form, but hex: RON reads no hex into a float,
    // and some levels write whole floats (`value: 0`).
    for ((what, _), count) in rewrites().iter().zip(read_by_ron) {
        let least = if *what == "hex integers" {
            1
        } else {
            shipped_names().len()
        };
        assert!(
            count >= least,
            "the ron crate read {count} of the levels written with {what}"
        );
    }
}

#[test]
fn check_accepts_an_extension_header_and_names_an_unknown_extension() {
    let dir = std::env::temp_dir().join(format!("fa-ron-forms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(root().join("levels/tutorial.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    let good = dir.join("tutorial.ron");
    std::fs::write(&good, format!("#![enable(implicit_some)]\n{text}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = crate::run(&["check", &good.to_string_lossy()], &root());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let bad = dir.join("typo.ron");
    std::fs::write(&bad, format!("#![enable(implicit_somme)]\n{text}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = crate::run(&["check", &bad.to_string_lossy()], &root());
    let all = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("typo.ron:1:11"), "{all}");
    assert!(all.contains("unknown extension `implicit_somme`"), "{all}");
}
