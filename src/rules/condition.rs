//! The condition language of rule files: parsed and type-checked when rules load, evaluated against
//! a workload's attribute values.
//!
//! ```text
//! expr    := or
//! or      := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | compare
//! compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum | "in" list | "not" "in" list)?
//! sum     := term (("+" | "-") term)*
//! term    := atom (("*" | "/") atom)*
//! atom    := path | number | string | "true" | "false" | "(" expr ")"
//! list    := "[" (literal ("," literal)*)? "]"
//! ```
//!
//! Paths name workload attributes (`needs.os_control`, `work.max_duration_min`) or facts
//! (`fact.lambda_max_duration_min`); facts are replaced by their values at load time.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use super::attributes::{ATTRIBUTES, AttrType};

/// A value an expression can produce. Strings borrow where they can: attribute values of
/// enumerated fields are `'static`, so evaluating a rule allocates nothing.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Num(f64),
    Bool(bool),
    Str(#[serde(with = "crate::input::compiled::text")] Cow<'static, str>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Num(n) => write!(f, "{n}"),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Str(s) => write!(f, "\"{s}\""),
        }
    }
}

/// The static type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Num,
    Bool,
    /// A string; `Some(values)` when it can only be one of `values` (an enumerated attribute).
    Str(Option<&'static [&'static str]>),
}

impl Type {
    fn name(self) -> &'static str {
        match self {
            Self::Num => "a number",
            Self::Bool => "a boolean",
            Self::Str(_) => "a string",
        }
    }

    fn same_kind(self, other: Self) -> bool {
        matches!(
            (self, other),
            (Self::Num, Self::Num) | (Self::Bool, Self::Bool) | (Self::Str(_), Self::Str(_))
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A checked expression.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    Const(Value),
    /// An index into [`ATTRIBUTES`]; in the compiled data, the attribute's name (indexes move
    /// when fields are added).
    Attr(#[serde(with = "attr_by_name")] usize),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    /// The operands in one allocation.
    Cmp(CmpOp, Box<[Expr; 2]>),
    In {
        value: Box<Expr>,
        list: Vec<Value>,
        negated: bool,
    },
    /// The operands in one allocation.
    Arith(ArithOp, Box<[Expr; 2]>),
}

/// [`Expr::Attr`] in the compiled data: the index it was compiled with and the attribute's name;
/// decoded to that index while the attribute there has that name, else found again by name.
mod attr_by_name {
    use serde::{Deserialize, Serialize};

    use super::ATTRIBUTES;

    #[derive(Serialize, Deserialize)]
    struct Attr {
        index: u32,
        #[serde(with = "crate::input::compiled::text")]
        name: std::borrow::Cow<'static, str>,
    }

    pub(super) fn serialize<S: serde::Serializer>(index: &usize, s: S) -> Result<S::Ok, S::Error> {
        let a = ATTRIBUTES.get(*index);
        match (a, u32::try_from(*index)) {
            (Some(a), Ok(i)) => Attr {
                index: i,
                name: a.name.into(),
            }
            .serialize(s),
            _ => Err(serde::ser::Error::custom("no such attribute")),
        }
    }

    pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        let Attr { index, name } = Attr::deserialize(d)?;
        let index = index as usize;
        if ATTRIBUTES.get(index).is_some_and(|a| a.name == name) {
            return Ok(index);
        }
        ATTRIBUTES
            .iter()
            .position(|a| a.name == name)
            .ok_or_else(|| serde::de::Error::custom(format!("no attribute `{name}`")))
    }

    #[cfg(test)]
    #[test]
    fn an_attribute_moved_since_compiling_is_found_by_name() {
        use crate::input::compiled::{decode_bytes, encode};
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct E(#[serde(with = "super::attr_by_name")] usize);
        let last = ATTRIBUTES.len() - 1;
        let decode = |attr: &Attr| {
            let (bytes, strings) = encode(attr);
            decode_bytes::<E>(&bytes, Box::leak(strings.into_boxed_str()))
        };
        let at = |index, name: &'static str| Attr {
            index,
            name: name.into(),
        };
        let name = ATTRIBUTES[last].name;
        assert_eq!(decode(&at(last as u32, name)), Some(E(last)));
        assert_eq!(decode(&at(0, name)), Some(E(last)));
        assert_eq!(decode(&at(u32::MAX, name)), Some(E(last)));
        assert_eq!(decode(&at(0, "no.such_attribute")), None);
    }
}

/// A problem in a condition, at a byte range of the condition text.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionError {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl ConditionError {
    fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Word(String),
    Op(&'static str),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

fn lex(text: &str) -> Result<Vec<(Tok, Range<usize>)>, ConditionError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => (out.push((Tok::LParen, i..i + 1)), i += 1).1,
            b')' => (out.push((Tok::RParen, i..i + 1)), i += 1).1,
            b'[' => (out.push((Tok::LBracket, i..i + 1)), i += 1).1,
            b']' => (out.push((Tok::RBracket, i..i + 1)), i += 1).1,
            b',' => (out.push((Tok::Comma, i..i + 1)), i += 1).1,
            b'"' => {
                let end = text[i + 1..]
                    .find('"')
                    .ok_or_else(|| ConditionError::new(i..text.len(), "unterminated string"))?;
                out.push((
                    Tok::Str(text[i + 1..i + 1 + end].to_owned()),
                    i..i + end + 2,
                ));
                i += end + 2;
            }
            b'0'..=b'9' => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_digit() || matches!(bytes[i], b'.' | b'_' | b'e' | b'E'))
                {
                    i += 1;
                }
                let raw: String = text[start..i].chars().filter(|&c| c != '_').collect();
                let n = raw.parse::<f64>().map_err(|_| {
                    ConditionError::new(start..i, format!("`{}` is not a number", &text[start..i]))
                })?;
                if !n.is_finite() {
                    return Err(ConditionError::new(
                        start..i,
                        format!("`{}` is too large a number", &text[start..i]),
                    ));
                }
                out.push((Tok::Num(n), start..i));
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.'))
                {
                    i += 1;
                }
                out.push((Tok::Word(text[start..i].to_owned()), start..i));
            }
            _ => {
                let two = text.get(i..i + 2).unwrap_or("");
                let op = ["==", "!=", "<=", ">="]
                    .into_iter()
                    .find(|o| *o == two)
                    .or_else(|| {
                        ["<", ">", "+", "-", "*", "/"]
                            .into_iter()
                            .find(|o| o.as_bytes()[0] == c)
                    });
                match op {
                    Some(op) => {
                        out.push((Tok::Op(op), i..i + op.len()));
                        i += op.len();
                    }
                    None => {
                        let ch = text[i..].chars().next().unwrap_or('?');
                        return Err(ConditionError::new(i..i + ch.len_utf8(), format!("unexpected `{ch}`"))
                            .help("conditions use `and`, `or`, `not`, `in`, comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`) and `+ - * /`"));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// A literal and where it is in the condition.
type Spanned = (Value, Range<usize>);

/// A parsed expression with its type and span, before it is folded into an [`Expr`].
struct Typed {
    expr: Expr,
    ty: Type,
    span: Range<usize>,
}

struct Parser<'a> {
    toks: Vec<(Tok, Range<usize>)>,
    pos: usize,
    end: usize,
    facts: &'a BTreeMap<String, Value>,
    /// How many `(`, `not` and unary `-` enclose the current token.
    depth: usize,
    /// The facts read so far, in order, once each.
    used: Vec<String>,
}

/// The deepest nesting of parentheses, `not` and unary `-` a condition may have: far more than
/// any rule needs, and far less than would exhaust the stack of the recursive parser.
pub const MAX_DEPTH: usize = 64;

/// Parses and type-checks a condition; `facts` are the known fact values by name.
///
/// # Errors
/// The first problem: a syntax error, an unknown attribute or fact, or a type mismatch.
pub fn parse(text: &str, facts: &BTreeMap<String, Value>) -> Result<Expr, ConditionError> {
    parse_with_facts(text, facts).map(|(e, _)| e)
}

/// [`parse`], and the names of the facts the condition reads, in order.
///
/// # Errors
/// As [`parse`].
pub fn parse_with_facts(
    text: &str,
    facts: &BTreeMap<String, Value>,
) -> Result<(Expr, Vec<String>), ConditionError> {
    let toks = lex(text)?;
    let mut p = Parser {
        toks,
        pos: 0,
        end: text.len(),
        facts,
        depth: 0,
        used: Vec::new(),
    };
    if p.toks.is_empty() {
        return Err(ConditionError::new(0..text.len(), "empty condition")
            .help("write `true` for a rule that always applies"));
    }
    let e = p.expr()?;
    if let Some((tok, span)) = p.toks.get(p.pos) {
        return Err(
            ConditionError::new(span.clone(), format!("unexpected {}", describe(tok)))
                .help("expected `and`, `or` or the end of the condition"),
        );
    }
    if e.ty != Type::Bool {
        return Err(ConditionError::new(
            e.span,
            format!("the condition is {}, not a boolean", e.ty.name()),
        )
        .help("compare it, e.g. `resources.gpus > 0`"));
    }
    Ok((e.expr, p.used))
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Num(n) => format!("number `{n}`"),
        Tok::Str(s) => format!("string \"{s}\""),
        Tok::Word(w) => format!("`{w}`"),
        Tok::Op(o) => format!("`{o}`"),
        Tok::LParen => "`(`".to_owned(),
        Tok::RParen => "`)`".to_owned(),
        Tok::LBracket => "`[`".to_owned(),
        Tok::RBracket => "`]`".to_owned(),
        Tok::Comma => "`,`".to_owned(),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn peek_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x == w)
    }

    fn span_here(&self) -> Range<usize> {
        self.toks
            .get(self.pos)
            .map_or(self.end..self.end, |(_, s)| s.clone())
    }

    fn next(&mut self) -> Option<(Tok, Range<usize>)> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<Range<usize>, ConditionError> {
        match self.next() {
            Some((t, span)) if &t == tok => Ok(span),
            Some((t, span)) => Err(ConditionError::new(
                span,
                format!("expected {what}, found {}", describe(&t)),
            )),
            None => Err(ConditionError::new(
                self.end..self.end,
                format!("expected {what} at the end of the condition"),
            )),
        }
    }

    /// Enters one more level of nesting at `span`, or fails past [`MAX_DEPTH`].
    fn nest(&mut self, span: &Range<usize>) -> Result<(), ConditionError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ConditionError::new(
                span.clone(),
                format!("the condition nests deeper than {MAX_DEPTH} levels"),
            )
            .help("parentheses, `not` and unary `-` may nest at most 64 deep; split the rule or simplify the condition"));
        }
        Ok(())
    }

    fn need_bool(e: &Typed, what: &str) -> Result<(), ConditionError> {
        if e.ty == Type::Bool {
            Ok(())
        } else {
            Err(ConditionError::new(
                e.span.clone(),
                format!("`{what}` needs a boolean, found {}", e.ty.name()),
            ))
        }
    }

    fn expr(&mut self) -> Result<Typed, ConditionError> {
        self.or()
    }

    fn or(&mut self) -> Result<Typed, ConditionError> {
        let first = self.and()?;
        if !self.peek_word("or") {
            return Ok(first);
        }
        Self::need_bool(&first, "or")?;
        let start = first.span.start;
        let mut parts = vec![first.expr];
        let mut end = first.span.end;
        while self.peek_word("or") {
            self.pos += 1;
            let e = self.and()?;
            Self::need_bool(&e, "or")?;
            end = e.span.end;
            parts.push(e.expr);
        }
        Ok(Typed {
            expr: Expr::Or(parts),
            ty: Type::Bool,
            span: start..end,
        })
    }

    fn and(&mut self) -> Result<Typed, ConditionError> {
        let first = self.unary()?;
        if !self.peek_word("and") {
            return Ok(first);
        }
        Self::need_bool(&first, "and")?;
        let start = first.span.start;
        let mut parts = vec![first.expr];
        let mut end = first.span.end;
        while self.peek_word("and") {
            self.pos += 1;
            let e = self.unary()?;
            Self::need_bool(&e, "and")?;
            end = e.span.end;
            parts.push(e.expr);
        }
        Ok(Typed {
            expr: Expr::And(parts),
            ty: Type::Bool,
            span: start..end,
        })
    }

    fn unary(&mut self) -> Result<Typed, ConditionError> {
        if self.peek_word("not") {
            let here = self.span_here();
            let start = here.start;
            self.nest(&here)?;
            self.pos += 1;
            let e = self.unary()?;
            self.depth -= 1;
            Self::need_bool(&e, "not")?;
            return Ok(Typed {
                expr: Expr::Not(Box::new(e.expr)),
                ty: Type::Bool,
                span: start..e.span.end,
            });
        }
        self.compare()
    }

    fn compare(&mut self) -> Result<Typed, ConditionError> {
        let left = self.sum()?;
        let negated_in = self.peek_word("not")
            && matches!(self.toks.get(self.pos + 1), Some((Tok::Word(w), _)) if w == "in");
        if self.peek_word("in") || negated_in {
            self.pos += if negated_in { 2 } else { 1 };
            let (list, list_span) = self.list()?;
            for (v, span) in &list {
                check_literal(&left, v, span.clone())?;
            }
            return Ok(Typed {
                span: left.span.start..list_span.end,
                expr: Expr::In {
                    value: Box::new(left.expr),
                    list: list.into_iter().map(|(v, _)| v).collect(),
                    negated: negated_in,
                },
                ty: Type::Bool,
            });
        }
        let op = match self.peek() {
            Some(Tok::Op("==")) => CmpOp::Eq,
            Some(Tok::Op("!=")) => CmpOp::Ne,
            Some(Tok::Op("<")) => CmpOp::Lt,
            Some(Tok::Op("<=")) => CmpOp::Le,
            Some(Tok::Op(">")) => CmpOp::Gt,
            Some(Tok::Op(">=")) => CmpOp::Ge,
            _ => return Ok(left),
        };
        let op_span = self.span_here();
        self.pos += 1;
        let right = self.sum()?;
        if !left.ty.same_kind(right.ty) {
            return Err(ConditionError::new(
                left.span.start..right.span.end,
                format!("cannot compare {} with {}", left.ty.name(), right.ty.name()),
            ));
        }
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) && left.ty != Type::Num {
            return Err(ConditionError::new(
                op_span,
                format!(
                    "`<`, `<=`, `>` and `>=` compare numbers, not {}",
                    left.ty.name()
                ),
            )
            .help("use `==`, `!=` or `in` for strings and booleans"));
        }
        // A string literal compared with an enumerated attribute must be one of its values.
        if let Expr::Const(v) = &right.expr {
            check_literal(&left, v, right.span.clone())?;
        }
        if let Expr::Const(v) = &left.expr {
            check_literal(&right, v, left.span.clone())?;
        }
        Ok(Typed {
            span: left.span.start..right.span.end,
            expr: Expr::Cmp(op, Box::new([left.expr, right.expr])),
            ty: Type::Bool,
        })
    }

    fn sum(&mut self) -> Result<Typed, ConditionError> {
        let mut left = self.term()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("+")) => ArithOp::Add,
                Some(Tok::Op("-")) => ArithOp::Sub,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.term()?;
            left = arith(op, left, right)?;
        }
    }

    fn term(&mut self) -> Result<Typed, ConditionError> {
        let mut left = self.atom()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("*")) => ArithOp::Mul,
                Some(Tok::Op("/")) => ArithOp::Div,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.atom()?;
            left = arith(op, left, right)?;
        }
    }

    fn atom(&mut self) -> Result<Typed, ConditionError> {
        let Some((tok, span)) = self.next() else {
            return Err(ConditionError::new(
                self.end..self.end,
                "the condition ends too early",
            ));
        };
        match tok {
            Tok::Num(n) => Ok(Typed {
                expr: Expr::Const(Value::Num(n)),
                ty: Type::Num,
                span,
            }),
            Tok::Str(s) => Ok(Typed {
                expr: Expr::Const(Value::Str(Cow::Owned(s))),
                ty: Type::Str(None),
                span,
            }),
            Tok::LParen => {
                self.nest(&span)?;
                let inner = self.expr()?;
                let close = self.expect(&Tok::RParen, "`)`")?;
                self.depth -= 1;
                Ok(Typed {
                    span: span.start..close.end,
                    ..inner
                })
            }
            Tok::Op("-") => {
                self.nest(&span)?;
                let inner = self.atom()?;
                self.depth -= 1;
                if inner.ty != Type::Num {
                    return Err(ConditionError::new(inner.span, "`-` needs a number"));
                }
                let zero = Typed {
                    expr: Expr::Const(Value::Num(0.0)),
                    ty: Type::Num,
                    span: span.clone(),
                };
                arith(ArithOp::Sub, zero, inner)
            }
            Tok::Word(w) => self.path(&w, span),
            other => Err(ConditionError::new(
                span,
                format!("unexpected {}", describe(&other)),
            )),
        }
    }

    fn path(&mut self, word: &str, span: Range<usize>) -> Result<Typed, ConditionError> {
        match word {
            "true" => {
                return Ok(Typed {
                    expr: Expr::Const(Value::Bool(true)),
                    ty: Type::Bool,
                    span,
                });
            }
            "false" => {
                return Ok(Typed {
                    expr: Expr::Const(Value::Bool(false)),
                    ty: Type::Bool,
                    span,
                });
            }
            _ => {}
        }
        if let Some(name) = word.strip_prefix("fact.") {
            let Some(value) = self.facts.get(name) else {
                let names = self.facts.keys().map(String::as_str);
                let mut e = ConditionError::new(span, format!("unknown fact `{word}`"));
                if let Some(s) = crate::input::diagnostic::suggest(name, names) {
                    e = e.help(format!("did you mean `fact.{s}`?"));
                }
                return Err(e);
            };
            if !self.used.iter().any(|u| u == name) {
                self.used.push(name.to_owned());
            }
            let ty = match value {
                Value::Num(_) => Type::Num,
                Value::Bool(_) => Type::Bool,
                Value::Str(_) => Type::Str(None),
            };
            return Ok(Typed {
                expr: Expr::Const(value.clone()),
                ty,
                span,
            });
        }
        match ATTRIBUTES.iter().position(|a| a.name == word) {
            Some(i) => {
                let ty = match ATTRIBUTES[i].ty {
                    AttrType::Num => Type::Num,
                    AttrType::Bool => Type::Bool,
                    AttrType::Enum(values) => Type::Str(Some(values)),
                };
                Ok(Typed {
                    expr: Expr::Attr(i),
                    ty,
                    span,
                })
            }
            None => {
                let mut e = ConditionError::new(span, format!("unknown attribute `{word}`"));
                e = match crate::input::diagnostic::suggest(word, ATTRIBUTES.iter().map(|a| a.name)) {
                    Some(s) => e.help(format!("did you mean `{s}`?")),
                    None => e.help("attributes are workload fields (`needs.os_control`), `work.*` values or `fact.*` (docs/rules-format.md)"),
                };
                Err(e)
            }
        }
    }

    /// A list of literals, each with its span, and the whole list's span.
    fn list(&mut self) -> Result<(Vec<Spanned>, Range<usize>), ConditionError> {
        let open = self.expect(&Tok::LBracket, "`[`")?;
        let mut items = Vec::new();
        if matches!(self.peek(), Some(Tok::RBracket)) {
            let close = self.expect(&Tok::RBracket, "`]`")?;
            return Ok((items, open.start..close.end));
        }
        loop {
            match self.next() {
                Some((Tok::Num(n), s)) => items.push((Value::Num(n), s)),
                Some((Tok::Str(v), s)) => items.push((Value::Str(Cow::Owned(v)), s)),
                Some((Tok::Word(w), s)) if w == "true" || w == "false" => {
                    items.push((Value::Bool(w == "true"), s))
                }
                Some((t, s)) => {
                    return Err(ConditionError::new(
                        s,
                        format!("lists hold literals, found {}", describe(&t)),
                    ));
                }
                None => return Err(ConditionError::new(self.end..self.end, "unterminated list")),
            }
            match self.next() {
                Some((Tok::Comma, _)) => {}
                Some((Tok::RBracket, close)) => return Ok((items, open.start..close.end)),
                Some((t, s)) => {
                    return Err(ConditionError::new(
                        s,
                        format!("expected `,` or `]`, found {}", describe(&t)),
                    ));
                }
                None => return Err(ConditionError::new(self.end..self.end, "unterminated list")),
            }
        }
    }
}

fn arith(op: ArithOp, left: Typed, right: Typed) -> Result<Typed, ConditionError> {
    for side in [&left, &right] {
        if side.ty != Type::Num {
            return Err(ConditionError::new(
                side.span.clone(),
                format!("arithmetic needs numbers, found {}", side.ty.name()),
            ));
        }
    }
    Ok(Typed {
        span: left.span.start..right.span.end,
        expr: Expr::Arith(op, Box::new([left.expr, right.expr])),
        ty: Type::Num,
    })
}

/// A literal compared with `e` must have its type, and be one of its values if `e` is enumerated.
fn check_literal(e: &Typed, v: &Value, span: Range<usize>) -> Result<(), ConditionError> {
    let ok = match (e.ty, v) {
        (Type::Num, Value::Num(_))
        | (Type::Bool, Value::Bool(_))
        | (Type::Str(None), Value::Str(_)) => true,
        (Type::Str(Some(values)), Value::Str(s)) => {
            if values.contains(&s.as_ref()) {
                true
            } else {
                let mut err =
                    ConditionError::new(span, format!("`{s}` is never a value of this attribute"));
                err = match crate::input::diagnostic::suggest(s, values.iter().copied()) {
                    Some(x) => err.help(format!("did you mean `{x}`?")),
                    None => err.help(format!(
                        "expected {}",
                        crate::input::diagnostic::one_of(values)
                    )),
                };
                return Err(err);
            }
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(ConditionError::new(
            span,
            format!("cannot compare {} with {v}", e.ty.name()),
        ))
    }
}

impl Expr {
    /// Evaluates a checked expression against attribute values (indexed as [`ATTRIBUTES`]),
    /// borrowing constants and attributes rather than copying them.
    pub fn eval<'a>(&'a self, env: &'a [Value]) -> Cow<'a, Value> {
        match self {
            Self::Const(v) => Cow::Borrowed(v),
            Self::Attr(i) => Cow::Borrowed(&env[*i]),
            Self::Arith(op, ab) => {
                let [a, b] = &**ab;
                Cow::Owned(match (a.eval(env).as_ref(), b.eval(env).as_ref()) {
                    (Value::Num(x), Value::Num(y)) => Value::Num(match op {
                        ArithOp::Add => x + y,
                        ArithOp::Sub => x - y,
                        ArithOp::Mul => x * y,
                        ArithOp::Div => x / y,
                    }),
                    // Checked at load time: arithmetic only on numbers.
                    _ => Value::Num(f64::NAN),
                })
            }
            _ => Cow::Owned(Value::Bool(self.truthy(env))),
        }
    }

    /// Evaluates a boolean expression.
    /// Calls `f` with the index of every attribute the expression reads.
    pub fn visit_attrs(&self, f: &mut impl FnMut(usize)) {
        match self {
            Self::Const(_) => {}
            Self::Attr(i) => f(*i),
            Self::Not(e) => e.visit_attrs(f),
            Self::And(es) | Self::Or(es) => es.iter().for_each(|e| e.visit_attrs(f)),
            Self::Cmp(_, ab) | Self::Arith(_, ab) => ab.iter().for_each(|e| e.visit_attrs(f)),
            Self::In { value, .. } => value.visit_attrs(f),
        }
    }

    /// The number a numeric expression gives, as [`Expr::eval`] would (arithmetic on anything
    /// but numbers gives NaN there too), without building a value; `None` for anything else.
    fn num(&self, env: &[Value]) -> Option<f64> {
        match self {
            Self::Const(Value::Num(n)) => Some(*n),
            Self::Attr(i) => match env[*i] {
                Value::Num(n) => Some(n),
                _ => None,
            },
            Self::Arith(op, ab) => Some(match (ab[0].num(env), ab[1].num(env)) {
                (Some(x), Some(y)) => match op {
                    ArithOp::Add => x + y,
                    ArithOp::Sub => x - y,
                    ArithOp::Mul => x * y,
                    ArithOp::Div => x / y,
                },
                _ => f64::NAN,
            }),
            _ => None,
        }
    }

    pub fn truthy(&self, env: &[Value]) -> bool {
        match self {
            Self::Not(e) => !e.truthy(env),
            Self::And(es) => es.iter().all(|e| e.truthy(env)),
            Self::Or(es) => es.iter().any(|e| e.truthy(env)),
            // Comparisons of numbers, most of them, without building values.
            Self::Cmp(op, ab) if let (Some(x), Some(y)) = (ab[0].num(env), ab[1].num(env)) => {
                compare_numbers(*op, x, y)
            }
            Self::Cmp(op, ab) => compare(*op, &ab[0].eval(env), &ab[1].eval(env)),
            Self::In {
                value,
                list,
                negated,
            } => list.contains(value.eval(env).as_ref()) != *negated,
            Self::Const(Value::Bool(b)) => *b,
            Self::Attr(i) => matches!(env[*i], Value::Bool(true)),
            Self::Const(_) | Self::Arith(..) => false,
        }
    }
}

/// `x op y` for two values.
fn compare(op: CmpOp, x: &Value, y: &Value) -> bool {
    match (x, y) {
        (Value::Num(x), Value::Num(y)) => compare_numbers(op, *x, *y),
        (x, y) => match op {
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
            // Ordering of non-numbers is rejected when the rule loads.
            _ => false,
        },
    }
}

pub(super) fn compare_numbers(op: CmpOp, x: f64, y: f64) -> bool {
    match op {
        CmpOp::Eq => x == y,
        CmpOp::Ne => x != y,
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Gt => x > y,
        CmpOp::Ge => x >= y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> BTreeMap<String, Value> {
        BTreeMap::from([
            ("lambda_max_duration_min".to_owned(), Value::Num(15.0)),
            ("flag".to_owned(), Value::Bool(true)),
        ])
    }

    fn env(pairs: &[(&str, Value)]) -> Vec<Value> {
        ATTRIBUTES
            .iter()
            .map(|a| {
                pairs.iter().find(|(n, _)| *n == a.name).map_or_else(
                    || match a.ty {
                        AttrType::Num => Value::Num(0.0),
                        AttrType::Bool => Value::Bool(false),
                        AttrType::Enum(v) => Value::Str(Cow::Borrowed(v[0])),
                    },
                    |(_, v)| v.clone(),
                )
            })
            .collect()
    }

    fn eval(text: &str, pairs: &[(&str, Value)]) -> bool {
        parse(text, &facts()).unwrap().truthy(&env(pairs))
    }

    fn err(text: &str) -> ConditionError {
        parse(text, &facts()).unwrap_err()
    }

    #[test]
    fn comparisons_and_facts() {
        let long = [("work.max_duration_min", Value::Num(15.01))];
        assert!(eval(
            "work.max_duration_min > fact.lambda_max_duration_min",
            &long
        ));
        let at = [("work.max_duration_min", Value::Num(15.0))];
        assert!(!eval(
            "work.max_duration_min > fact.lambda_max_duration_min",
            &at
        ));
        assert!(eval("work.max_duration_min >= 15", &at));
        assert!(eval(
            "work.max_duration_min == 15 and work.max_duration_min != 16",
            &at
        ));
    }

    #[test]
    fn boolean_logic_and_precedence() {
        let e = [
            ("needs.os_control", Value::Bool(true)),
            ("needs.sidecars", Value::Bool(false)),
        ];
        assert!(eval("needs.os_control or needs.sidecars and false", &e));
        assert!(!eval("(needs.os_control or needs.sidecars) and false", &e));
        assert!(eval("not needs.sidecars", &e));
        assert!(eval("not not needs.os_control", &e));
        assert!(eval("fact.flag", &e));
    }

    #[test]
    fn membership() {
        let e = [("shape.interface", Value::Str(Cow::Borrowed("tcp")))];
        assert!(eval(r#"shape.interface in ["tcp", "udp"]"#, &e));
        assert!(!eval(r#"shape.interface not in ["tcp", "udp"]"#, &e));
        assert!(!eval(r#"shape.interface in []"#, &e));
    }

    /// The truth of `e` by building every value, as [`Expr::truthy`] did before comparing
    /// numbers without them: the reference its fast path must agree with.
    fn truthy_by_values(e: &Expr, env: &[Value]) -> bool {
        match e {
            Expr::Not(e) => !truthy_by_values(e, env),
            Expr::And(es) => es.iter().all(|e| truthy_by_values(e, env)),
            Expr::Or(es) => es.iter().any(|e| truthy_by_values(e, env)),
            Expr::Cmp(op, ab) => compare(*op, &ab[0].eval(env), &ab[1].eval(env)),
            other => other.truthy(env),
        }
    }

    #[test]
    fn numbers_compare_as_their_values_do() {
        let rules = crate::rules::RuleSet::bundled().unwrap();
        let conditions: Vec<&Expr> = rules
            .rules
            .iter()
            .map(|r| r.when.expr())
            .chain(
                rules
                    .flowchart
                    .nodes
                    .iter()
                    .flat_map(|n| n.branches.iter().map(|b| b.when.expr())),
            )
            .collect();
        let nums = [0.0, 0.5, 1.0, 2.0, 15.0, 30.0, 1e6, f64::NAN];
        for (k, n) in nums.iter().enumerate() {
            let env: Vec<Value> = ATTRIBUTES
                .iter()
                .enumerate()
                .map(|(i, a)| match a.ty {
                    AttrType::Num => Value::Num(nums[(i + k) % nums.len()] * (*n + 1.0)),
                    AttrType::Bool => Value::Bool((i + k) % 2 == 0),
                    AttrType::Enum(v) => Value::Str(Cow::Borrowed(v[(i + k) % v.len()])),
                })
                .collect();
            for c in &conditions {
                assert_eq!(c.truthy(&env), truthy_by_values(c, &env), "{c:?}");
            }
        }
        // Arithmetic on NaN, and a comparison that is not of numbers.
        let e = [("resources.vcpu", Value::Num(f64::NAN))];
        assert!(!eval("resources.vcpu * 2 > 1", &e));
        assert!(eval("resources.vcpu * 2 != 1", &e));
    }

    #[test]
    fn arithmetic() {
        let e = [
            ("resources.memory_gb", Value::Num(10.5)),
            ("resources.vcpu", Value::Num(2.0)),
        ];
        assert!(eval("resources.memory_gb * 1024 > 10240", &e));
        assert!(eval("resources.memory_gb / resources.vcpu > 5 - 1 + 1", &e));
        assert!(eval("-resources.vcpu < 0", &e));
        assert!(eval("1_000 == 1000 and 2e3 == 2000", &e));
    }

    #[test]
    fn unknown_names_are_errors_with_suggestions() {
        let e = err("needs.os_contrl");
        assert_eq!(e.message, "unknown attribute `needs.os_contrl`");
        assert_eq!(e.help.as_deref(), Some("did you mean `needs.os_control`?"));
        assert_eq!(e.span, 0..15);
        let e = err("work.max_duration_min > fact.lambda_max_duration");
        assert_eq!(e.message, "unknown fact `fact.lambda_max_duration`");
        assert_eq!(e.span, 24..48);
    }

    #[test]
    fn type_errors() {
        assert_eq!(
            err("resources.vcpu").message,
            "the condition is a number, not a boolean"
        );
        assert_eq!(
            err("resources.vcpu == true").message,
            "cannot compare a number with a boolean"
        );
        assert!(
            err(r#"shape.kind > "batch""#)
                .message
                .contains("compare numbers")
        );
        assert!(
            err("needs.os_control and 3")
                .message
                .contains("needs a boolean")
        );
        assert!(
            err(r#"resources.vcpu in ["a"]"#)
                .message
                .contains("cannot compare")
        );
    }

    #[test]
    fn enum_values_are_checked() {
        let e = err(r#"shape.kind == "sevice""#);
        assert_eq!(e.message, "`sevice` is never a value of this attribute");
        assert_eq!(e.help.as_deref(), Some("did you mean `service`?"));
        assert_eq!(e.span, 14..22);
        assert!(
            err(r#"shape.interface in ["http", "smtp"]"#)
                .message
                .contains("`smtp`")
        );
    }

    #[test]
    fn syntax_errors() {
        assert!(err("").message.contains("empty"));
        assert!(err("(needs.os_control").message.contains("`)`"));
        assert!(
            err("needs.os_control needs.sidecars")
                .message
                .contains("unexpected")
        );
        assert!(
            err("needs.os_control &&")
                .message
                .contains("unexpected `&`")
        );
        assert!(
            err(r#"shape.kind == "service"#)
                .message
                .contains("unterminated")
        );
        assert!(
            err("shape.interface in [shape.kind]")
                .message
                .contains("literals")
        );
    }

    /// 3,000 parentheses, 100,000 `not`s or 15,000 unary minuses once overflowed the stack of the
    /// recursive parser (an abort, no message); nesting past `MAX_DEPTH` is now an error at the
    /// token that goes one level too deep.
    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let parens = format!("{}needs.os_control{}", "(".repeat(3000), ")".repeat(3000));
        let e = err(&parens);
        assert!(e.message.contains("nests deeper than 64"), "{}", e.message);
        assert_eq!(e.span, 64..65);
        let nots = format!("{}needs.os_control", "not ".repeat(100_000));
        let e = err(&nots);
        assert!(e.message.contains("nests deeper"), "{}", e.message);
        assert_eq!(e.span, 256..259);
        let minus = format!("{}resources.vcpu > 1", "-".repeat(15_000));
        assert!(err(&minus).message.contains("nests deeper"));
        // Up to the limit is fine.
        let ok = format!("{}needs.os_control{}", "(".repeat(64), ")".repeat(64));
        assert!(parse(&ok, &facts()).is_ok());
        let ok = format!("{}needs.os_control", "not ".repeat(64));
        assert!(parse(&ok, &facts()).is_ok());
    }

    #[test]
    fn number_literals_are_finite() {
        let e = err("resources.vcpu > 1e999");
        assert_eq!(e.message, "`1e999` is too large a number");
        assert_eq!(e.span, 17..22);
    }
}
