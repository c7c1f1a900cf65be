//! The literals of the RON reader: the document's attributes (extension
//! headers), strings, raw strings and numbers.

use super::{EXTENSIONS, Parser, SyntaxError};

impl Parser {
    /// The document's attributes (`#![enable(implicit_some)]`, and the
    /// `#![type = "..."]` RON passes over), checked and passed over.
    pub(super) fn attributes(&mut self) -> Result<(), SyntaxError> {
        const SHAPE: &str = "`#![enable(implicit_some)]`";
        while self.peek() == Some('#') {
            let start = self.pos();
            for c in ['#', '!', '['] {
                self.expect_char(c, SHAPE)?;
                self.skip_space()?;
            }
            let word = self.ident();
            self.skip_space()?;
            match word.as_str() {
                "enable" => {
                    self.expect_char('(', SHAPE)?;
                    loop {
                        self.skip_space()?;
                        if self.peek() == Some(')') {
                            break;
                        }
                        let at = self.pos();
                        let name = self.ident();
                        if !EXTENSIONS.contains(&name.as_str()) {
                            return Err(SyntaxError {
                                pos: at,
                                message: format!("unknown extension `{name}`"),
                                expected: format!("one of {}", EXTENSIONS.join(", ")),
                            });
                        }
                        self.skip_space()?;
                        if self.peek() == Some(',') {
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    self.expect_char(')', "`)` after the extensions")?;
                }
                "type" | "schema" => {
                    self.expect_char('=', "`= \"...\"`")?;
                    self.skip_space()?;
                    if self.peek() != Some('"') {
                        return Err(self.error("expected a string", "`\"...\"`"));
                    }
                    self.string()?;
                }
                _ => {
                    return Err(SyntaxError {
                        pos: start,
                        message: format!("unknown attribute `{word}`"),
                        expected: SHAPE.into(),
                    });
                }
            }
            self.skip_space()?;
            self.expect_char(']', "`]` closing the attribute")?;
            self.skip_space()?;
        }
        Ok(())
    }

    /// Passes over `c`, or says what was expected.
    fn expect_char(&mut self, c: char, expected: &str) -> Result<(), SyntaxError> {
        if self.peek() == Some(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.error(&format!("expected `{c}`"), expected))
        }
    }

    pub(super) fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos();
        self.bump();
        let mut s = String::new();
        loop {
            match self.bump() {
                Some('"') => return Ok(s),
                Some('\\') => match self.bump() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('0') => s.push('\0'),
                    Some(c @ ('"' | '\\' | '\'')) => s.push(c),
                    Some('u') => {
                        // \u{XXXX}
                        if self.bump() != Some('{') {
                            return Err(self.error("bad unicode escape", "`\\u{hex}`"));
                        }
                        let mut hex = String::new();
                        while let Some(c) = self.bump() {
                            if c == '}' {
                                break;
                            }
                            hex.push(c);
                        }
                        let c = u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .ok_or_else(|| self.error("bad unicode escape", "`\\u{hex}`"))?;
                        s.push(c);
                    }
                    _ => {
                        return Err(self.error(
                            "unknown escape in a string",
                            "one of \\n \\t \\\" \\\\ \\u{...}",
                        ));
                    }
                },
                Some(c) => s.push(c),
                None => {
                    return Err(SyntaxError {
                        pos: start,
                        message: "unclosed string".into(),
                        expected: "a closing `\"`".into(),
                    });
                }
            }
        }
    }

    pub(super) fn raw_string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos();
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.bump() != Some('"') {
            return Err(self.error("bad raw string", "`r\"...\"`"));
        }
        let mut s = String::new();
        loop {
            match self.bump() {
                Some('"') => {
                    let mut k = 0;
                    while k < hashes && self.peek() == Some('#') {
                        self.bump();
                        k += 1;
                    }
                    if k == hashes {
                        return Ok(s);
                    }
                    s.push('"');
                    s.extend(std::iter::repeat_n('#', k));
                }
                Some(c) => s.push(c),
                None => {
                    return Err(SyntaxError {
                        pos: start,
                        message: "unclosed raw string".into(),
                        expected: "a closing `\"`".into(),
                    });
                }
            }
        }
    }

    pub(super) fn number(&mut self) -> Result<f64, SyntaxError> {
        let pos = self.pos();
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_') {
                // A sign only at the start or after an exponent.
                if matches!(c, '-' | '+') && !(s.is_empty() || s.ends_with(['e', 'E'])) {
                    break;
                }
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        let clean: String = s.chars().filter(|&c| c != '_').collect();
        // Integers may be written in hex, octal or binary, signed or not.
        let (sign, body) = match clean.strip_prefix('-') {
            Some(body) => (-1.0, body),
            None => (1.0, clean.strip_prefix('+').unwrap_or(&clean)),
        };
        let radix = [("0x", 16), ("0o", 8), ("0b", 2)]
            .into_iter()
            .find(|(prefix, _)| body.starts_with(prefix));
        let parsed = match radix {
            Some((prefix, radix)) => u64::from_str_radix(&body[prefix.len()..], radix)
                .ok()
                .map(|v| sign * v as f64),
            None => clean.parse::<f64>().ok(),
        };
        parsed.ok_or(SyntaxError {
            pos,
            message: format!("`{s}` is not a number"),
            expected: "a number such as 3, 0.5 or -1e3".into(),
        })
    }
}
