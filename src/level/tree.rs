//! A small RON reader that keeps the line and column of every value, so
//! that checks can point at the exact place of each error and report all of
//! them, not only the first one serde would stop at. It only reads the
//! shape of the file; typed decoding is serde's.

mod literals;

/// A 1-based `(line, column)` position.
pub type Pos = (usize, usize);

/// Deepest nesting accepted; deeper files are refused rather than risk the
/// stack.
pub const MAX_DEPTH: usize = 64;

/// The extensions a document may enable in its header
/// (`#![enable(implicit_some)]`), as RON names them; serde's reader
/// applies them, this one only checks their names.
pub const EXTENSIONS: &[&str] = &[
    "implicit_some",
    "unwrap_newtypes",
    "unwrap_variant_newtypes",
    "explicit_struct_names",
];

/// A RON value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub pos: Pos,
    /// The value.
    pub value: Value,
}

/// The shape of a RON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `Name(field: value, ...)` or `(field: value, ...)`.
    Struct {
        /// The struct name, if written.
        name: Option<String>,
        /// Fields with the position of their names.
        fields: Vec<(String, Pos, Node)>,
    },
    /// `Name(a, b)` or `(a, b)`; also `Some(x)`.
    Tuple {
        /// The name, if written.
        name: Option<String>,
        /// Items.
        items: Vec<Node>,
    },
    /// `[a, b]`.
    List(Vec<Node>),
    /// `{k: v}`.
    Map(Vec<(Node, Node)>),
    /// A string.
    Str(String),
    /// A number.
    Num(f64),
    /// A bare identifier: a unit variant, `true`, `false`, `None`.
    Ident(String),
}

impl Node {
    /// The field `name` of a struct.
    pub fn field(&self, name: &str) -> Option<&Node> {
        match &self.value {
            Value::Struct { fields, .. } => fields.iter().find(|f| f.0 == name).map(|f| &f.2),
            _ => None,
        }
    }

    /// Item `i` of a list or tuple.
    pub fn item(&self, i: usize) -> Option<&Node> {
        match &self.value {
            Value::List(items) | Value::Tuple { items, .. } => items.get(i),
            _ => None,
        }
    }

    /// The items of a list (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::List(items) | Value::Tuple { items, .. } => items,
            _ => &[],
        }
    }

    /// The position of the value at a path of field names and indexes,
    /// or of the deepest part of the path that exists.
    pub fn locate(&self, path: &[PathStep]) -> Pos {
        let mut node = self;
        for step in path {
            let next = match step {
                PathStep::Field(name) => node.field(name),
                PathStep::Index(i) => node.item(*i),
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.pos
    }

    /// The string value, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// One step of a path into a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathStep {
    /// A struct field.
    Field(&'static str),
    /// A list index.
    Index(usize),
}

/// A syntax error with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where.
    pub pos: Pos,
    /// What.
    pub message: String,
    /// What would have been valid.
    pub expected: String,
}

/// Parses a whole RON document.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
    };
    p.skip_space()?;
    p.attributes()?;
    let node = p.value(0)?;
    p.skip_space()?;
    if p.i < p.chars.len() {
        return Err(p.error(
            "unexpected text after the end of the document",
            "end of file",
        ));
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Parser {
    fn pos(&self) -> Pos {
        (self.line, self.col)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn error(&self, message: &str, expected: &str) -> SyntaxError {
        let found = match self.peek() {
            Some(c) => format!("{message} (found `{c}`)"),
            None => format!("{message} (found the end of the file)"),
        };
        SyntaxError {
            pos: self.pos(),
            message: found,
            expected: expected.to_string(),
        }
    }

    fn skip_space(&mut self) -> Result<(), SyntaxError> {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    let start = self.pos();
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.peek(), self.peek_at(1)) {
                            (Some('*'), Some('/')) => {
                                self.bump();
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                self.bump();
                                depth += 1;
                            }
                            (Some(_), _) => {
                                self.bump();
                            }
                            (None, _) => {
                                return Err(SyntaxError {
                                    pos: start,
                                    message: "unclosed block comment".into(),
                                    expected: "`*/`".into(),
                                });
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                &format!("nesting deeper than {MAX_DEPTH} levels"),
                "a flatter structure",
            ));
        }
        let pos = self.pos();
        let value = match self.peek() {
            Some('[') => Value::List(self.sequence(']', depth)?),
            Some('{') => self.map(depth)?,
            Some('(') => self.parenthesised(None, depth)?,
            Some('"') => Value::Str(self.string()?),
            Some('r') if matches!(self.peek_at(1), Some('#') | Some('"')) => {
                Value::Str(self.raw_string()?)
            }
            Some('\'') => {
                self.bump();
                let c = self
                    .bump()
                    .ok_or_else(|| self.error("unclosed character", "`'`"))?;
                if self.bump() != Some('\'') {
                    return Err(self.error("unclosed character", "`'`"));
                }
                Value::Str(c.to_string())
            }
            Some(c) if c == '-' || c == '+' || c == '.' || c.is_ascii_digit() => {
                Value::Num(self.number()?)
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let name = self.ident();
                self.skip_space()?;
                if self.peek() == Some('(') {
                    self.parenthesised(Some(name), depth)?
                } else {
                    match name.as_str() {
                        "inf" => Value::Num(f64::INFINITY),
                        "NaN" => Value::Num(f64::NAN),
                        _ => Value::Ident(name),
                    }
                }
            }
            _ => {
                return Err(self.error(
                    "expected a value",
                    "a value: a number, \"string\", [list], (struct) or Name",
                ));
            }
        };
        Ok(Node { pos, value })
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    fn sequence(&mut self, close: char, depth: usize) -> Result<Vec<Node>, SyntaxError> {
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_space()?;
            if self.peek() == Some(close) {
                self.bump();
                return Ok(items);
            }
            items.push(self.value(depth + 1)?);
            self.skip_space()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(c) if c == close => {}
                _ => {
                    return Err(self.error(
                        "expected `,` or the end of the list",
                        &format!("`,` or `{close}`"),
                    ));
                }
            }
        }
    }

    fn map(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.bump();
        let mut entries = Vec::new();
        loop {
            self.skip_space()?;
            if self.peek() == Some('}') {
                self.bump();
                return Ok(Value::Map(entries));
            }
            let key = self.value(depth + 1)?;
            self.skip_space()?;
            if self.bump() != Some(':') {
                return Err(self.error("expected `:` after a map key", "`:`"));
            }
            self.skip_space()?;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_space()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {}
                _ => return Err(self.error("expected `,` or `}`", "`,` or `}`")),
            }
        }
    }

    /// `( ... )`: a struct when the first item is `name:`, else a tuple.
    fn parenthesised(&mut self, name: Option<String>, depth: usize) -> Result<Value, SyntaxError> {
        self.bump();
        self.skip_space()?;
        if self.is_field_start() {
            let mut fields = Vec::new();
            loop {
                self.skip_space()?;
                if self.peek() == Some(')') {
                    self.bump();
                    return Ok(Value::Struct { name, fields });
                }
                if !self.is_field_start() {
                    return Err(self.error(
                        "expected a field `name: value`",
                        "a field name followed by `:`",
                    ));
                }
                let field_pos = self.pos();
                let field = self.ident();
                self.skip_space()?;
                self.bump(); // the ':' that is_field_start saw
                self.skip_space()?;
                let value = self.value(depth + 1)?;
                fields.push((field, field_pos, value));
                self.skip_space()?;
                match self.peek() {
                    Some(',') => {
                        self.bump();
                    }
                    Some(')') => {}
                    _ => return Err(self.error("expected `,` or `)` after a field", "`,` or `)`")),
                }
            }
        }
        // Put back the '(' consumed above for `sequence`.
        let mut items = Vec::new();
        loop {
            self.skip_space()?;
            if self.peek() == Some(')') {
                self.bump();
                return Ok(Value::Tuple { name, items });
            }
            items.push(self.value(depth + 1)?);
            self.skip_space()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(')') => {}
                _ => return Err(self.error("expected `,` or `)`", "`,` or `)`")),
            }
        }
    }

    fn is_field_start(&self) -> bool {
        let mut k = 0;
        match self.peek_at(0) {
            Some(c) if c.is_alphabetic() || c == '_' => {}
            _ => return false,
        }
        while let Some(c) = self.peek_at(k) {
            if c.is_alphanumeric() || c == '_' {
                k += 1;
            } else {
                break;
            }
        }
        while let Some(c) = self.peek_at(k) {
            if c == ' ' || c == '\t' {
                k += 1;
            } else {
                break;
            }
        }
        self.peek_at(k) == Some(':') && self.peek_at(k + 1) != Some(':')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_structs_lists_and_positions() {
        let text = "Level(\n  name: \"x\", // comment\n  cells: [(0, 1), (1, -2)],\n  exit: Closed,\n  ai: Ai(Warden),\n)";
        let tree = parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(tree.field("name").and_then(Node::as_str), Some("x"));
        assert_eq!(tree.field("cells").map(|c| c.items().len()), Some(2));
        let path = [PathStep::Field("cells"), PathStep::Index(1)];
        assert_eq!(tree.locate(&path), (3, 19));
        assert_eq!(tree.field("exit").map(|n| n.pos), Some((4, 9)));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("Level(\n  name: \"x\"\n  seed: 3,\n)").err();
        assert_eq!(err.map(|e| e.pos), Some((3, 3)));
        let err = parse("[1, 2").err();
        assert!(err.is_some());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse(&text).err();
        assert!(err.is_some_and(|e| e.message.contains("nesting")));
    }
}
