//! Conditions lowered for evaluation. A checked [`Expr`] reads attribute values of three types;
//! lowered, it reads every attribute as one number (a number as itself, a boolean as 0 or 1, an
//! enumerated string as its index in the attribute's values), so evaluating a rule compares
//! numbers and tests bits instead of matching values and comparing strings.
//!
//! [`Condition`] keeps both forms: the expression, for what reads a condition (the attributes it
//! names, `explain`), and the lowered test, for evaluating it. A test checks that the two agree
//! on every bundled condition for many workloads.

use super::attributes::{ATTRIBUTES, AttrType};
use super::condition::{ArithOp, CmpOp, Expr, Value, compare_numbers};

/// A rule's or a branch's condition, checked and lowered.
#[derive(Debug, Clone)]
pub struct Condition {
    expr: Expr,
    test: Test,
}

impl Condition {
    pub fn new(expr: Expr) -> Self {
        let test = Test::lower(&expr);
        Self { expr, test }
    }

    /// The condition as checked.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// Whether the condition holds for the attribute numbers `env` (see [`numbers`]).
    ///
    /// [`numbers`]: super::attributes::numbers
    pub fn holds(&self, env: &[f64]) -> bool {
        self.test
            .holds(&|i| env.get(i as usize).copied().unwrap_or(f64::NAN))
    }

    /// Whether the condition holds when attribute `i` is `at(i)`: for the callers that check
    /// one condition per workload, which compute only the attributes it reads.
    pub fn holds_with(&self, at: &impl Fn(u32) -> f64) -> bool {
        self.test.holds(at)
    }
}

impl std::ops::Deref for Condition {
    type Target = Expr;
    fn deref(&self) -> &Expr {
        &self.expr
    }
}

impl PartialEq for Condition {
    fn eq(&self, other: &Self) -> bool {
        self.expr == other.expr
    }
}

impl serde::Serialize for Condition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.expr.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Condition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Expr::deserialize(d).map(Self::new)
    }
}

/// A boolean expression over attribute numbers.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    Const(bool),
    /// A boolean attribute holds.
    Flag(u32),
    /// A numeric attribute compared with a number: most conditions.
    Attr(CmpOp, u32, f64),
    /// Two numbers compared.
    Cmp(CmpOp, Box<[Num; 2]>),
    /// An enumerated attribute's value is in a set: bit `i` for its `i`-th value.
    OneOf(u32, u64),
    /// A number is in a list (`true`: is not).
    NumIn(Num, Box<[f64]>, bool),
    /// Two booleans are equal (`true`: differ).
    Same(Box<[Test; 2]>, bool),
    /// Two enumerated attributes have the same value, by name (`true`: differ).
    SameName(u32, u32, bool),
    Not(Box<Test>),
    All(Box<[Test]>),
    Any(Box<[Test]>),
}

/// A numeric expression over attribute numbers.
#[derive(Debug, Clone, PartialEq)]
enum Num {
    Const(f64),
    Attr(u32),
    Arith(ArithOp, Box<[Num; 2]>),
}

/// The index an enumerated value is read as when it is none of its attribute's values: in no set
/// a list gives, in every set a negated list gives (as a string that is none of the values is).
pub(super) const UNKNOWN: f64 = 63.0;

/// What an expression gives, statically: the loader has checked that the operands agree.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Num,
    Bool,
    /// An enumerated attribute, with its values.
    Choice(u32, &'static [&'static str]),
    Text,
}

fn kind(e: &Expr) -> Kind {
    match e {
        Expr::Const(Value::Num(_)) | Expr::Arith(..) => Kind::Num,
        Expr::Const(Value::Str(_)) => Kind::Text,
        Expr::Attr(i) => match ATTRIBUTES.get(*i).map(|a| a.ty) {
            Some(AttrType::Num) => Kind::Num,
            Some(AttrType::Enum(values)) => Kind::Choice(index(*i), values),
            Some(AttrType::Bool) | None => Kind::Bool,
        },
        _ => Kind::Bool,
    }
}

fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The set of `values`' indexes named by the strings in `list`.
fn bits<'a>(values: &[&str], list: impl IntoIterator<Item = &'a str>) -> u64 {
    list.into_iter()
        .filter_map(|s| values.iter().position(|v| *v == s))
        .filter(|&p| (p as f64) < UNKNOWN)
        .fold(0, |set, p| set | 1 << p)
}

impl Test {
    fn lower(e: &Expr) -> Self {
        match e {
            Expr::Const(Value::Bool(b)) => Self::Const(*b),
            Expr::Const(_) | Expr::Arith(..) => Self::Const(false),
            Expr::Attr(i) => match kind(e) {
                Kind::Bool => Self::Flag(index(*i)),
                _ => Self::Const(false),
            },
            Expr::Not(e) => Self::lower(e).not(),
            Expr::And(es) => Self::All(es.iter().map(Self::lower).collect()),
            Expr::Or(es) => Self::Any(es.iter().map(Self::lower).collect()),
            Expr::Cmp(op, ab) => Self::compare(*op, &ab[0], &ab[1]),
            Expr::In {
                value,
                list,
                negated,
            } => Self::in_list(value, list, *negated),
        }
    }

    fn not(self) -> Self {
        match self {
            Self::Const(b) => Self::Const(!b),
            Self::Not(t) => *t,
            t => Self::Not(Box::new(t)),
        }
    }

    /// `a op b`, as [`Expr::truthy`] evaluates it.
    fn compare(op: CmpOp, a: &Expr, b: &Expr) -> Self {
        let equality = matches!(op, CmpOp::Eq | CmpOp::Ne);
        let ne = op == CmpOp::Ne;
        match (kind(a), kind(b)) {
            (Kind::Num, Kind::Num) => match (Num::lower(a), Num::lower(b)) {
                (Num::Attr(i), Num::Const(n)) => Self::Attr(op, i, n),
                (Num::Const(n), Num::Attr(i)) => Self::Attr(flipped(op), i, n),
                (Num::Const(x), Num::Const(y)) => Self::Const(compare_numbers(op, x, y)),
                (x, y) => Self::Cmp(op, Box::new([x, y])),
            },
            // Anything but numbers is only compared for equality.
            _ if !equality => Self::Const(false),
            (Kind::Bool, Kind::Bool) => match (Self::lower(a), Self::lower(b)) {
                (Self::Const(x), Self::Const(y)) => Self::Const((x == y) != ne),
                (t, Self::Const(c)) | (Self::Const(c), t) => {
                    if c != ne {
                        t
                    } else {
                        t.not()
                    }
                }
                (x, y) => Self::Same(Box::new([x, y]), ne),
            },
            (Kind::Choice(i, values), Kind::Text) => Self::one_of(i, values, [text(b)], ne),
            (Kind::Text, Kind::Choice(i, values)) => Self::one_of(i, values, [text(a)], ne),
            (Kind::Choice(i, _), Kind::Choice(j, _)) => Self::SameName(i, j, ne),
            (Kind::Text, Kind::Text) => Self::Const((text(a) == text(b)) != ne),
            // Values of different types are never equal.
            _ => Self::Const(ne),
        }
    }

    /// `value in list` (or `not in`).
    fn in_list(value: &Expr, list: &[Value], negated: bool) -> Self {
        match kind(value) {
            Kind::Num => {
                let nums = list
                    .iter()
                    .filter_map(|v| match v {
                        Value::Num(n) => Some(*n),
                        _ => None,
                    })
                    .collect();
                Self::NumIn(Num::lower(value), nums, negated)
            }
            Kind::Choice(i, values) => Self::one_of(i, values, list.iter().map(text_of), negated),
            Kind::Text => Self::Const(list.iter().any(|v| text_of(v) == text(value)) != negated),
            Kind::Bool => {
                let has = |b: bool| list.contains(&Value::Bool(b));
                let t = Self::lower(value);
                match (has(true), has(false)) {
                    (true, true) => Self::Const(!negated),
                    (false, false) => Self::Const(negated),
                    (true, false) if !negated => t,
                    (false, true) if negated => t,
                    _ => t.not(),
                }
            }
        }
    }

    /// An enumerated attribute's value is one of `list` (`negated`: is none of them).
    fn one_of<'a>(
        attr: u32,
        values: &[&str],
        list: impl IntoIterator<Item = &'a str>,
        negated: bool,
    ) -> Self {
        let set = bits(values, list);
        Self::OneOf(attr, if negated { !set } else { set })
    }

    /// Whether the test holds when attribute `i` is `at(i)`.
    fn holds(&self, at: &impl Fn(u32) -> f64) -> bool {
        match self {
            Self::Attr(op, i, n) => compare_numbers(*op, at(*i), *n),
            Self::OneOf(i, set) => {
                // Indexes are below 64 (`UNKNOWN` for a value that is none of them).
                let bit = at(*i).clamp(0.0, UNKNOWN) as u32;
                set >> bit & 1 == 1
            }
            Self::Flag(i) => at(*i) != 0.0,
            Self::All(ts) => ts.iter().all(|t| t.holds(at)),
            Self::Any(ts) => ts.iter().any(|t| t.holds(at)),
            Self::Not(t) => !t.holds(at),
            Self::Cmp(op, ab) => compare_numbers(*op, ab[0].eval(at), ab[1].eval(at)),
            Self::Const(b) => *b,
            Self::NumIn(n, list, negated) => list.contains(&n.eval(at)) != *negated,
            Self::Same(ab, ne) => (ab[0].holds(at) == ab[1].holds(at)) != *ne,
            Self::SameName(a, b, ne) => (name(*a, at(*a)) == name(*b, at(*b))) != *ne,
        }
    }
}

/// The string of an enumerated attribute whose number is `n`.
fn name(attr: u32, n: f64) -> Option<&'static str> {
    match ATTRIBUTES.get(attr as usize).map(|a| a.ty) {
        Some(AttrType::Enum(values)) if n >= 0.0 => values.get(n as usize).copied(),
        _ => None,
    }
}

fn text(e: &Expr) -> &str {
    match e {
        Expr::Const(v) => text_of(v),
        _ => "",
    }
}

fn text_of(v: &Value) -> &str {
    match v {
        Value::Str(s) => s,
        _ => "",
    }
}

/// `op` with its operands swapped: `3 < x` is `x > 3`.
fn flipped(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        op => op,
    }
}

impl Num {
    fn lower(e: &Expr) -> Self {
        match e {
            Expr::Const(Value::Num(n)) => Self::Const(*n),
            Expr::Attr(i) if kind(e) == Kind::Num => Self::Attr(index(*i)),
            Expr::Arith(op, ab) => match (Self::lower(&ab[0]), Self::lower(&ab[1])) {
                (Self::Const(x), Self::Const(y)) => Self::Const(arith(*op, x, y)),
                (x, y) => Self::Arith(*op, Box::new([x, y])),
            },
            // Checked at load time: arithmetic only on numbers.
            _ => Self::Const(f64::NAN),
        }
    }

    fn eval(&self, at: &impl Fn(u32) -> f64) -> f64 {
        match self {
            Self::Const(n) => *n,
            Self::Attr(i) => at(*i),
            Self::Arith(op, ab) => arith(*op, ab[0].eval(at), ab[1].eval(at)),
        }
    }
}

fn arith(op: ArithOp, x: f64, y: f64) -> f64 {
    match op {
        ArithOp::Add => x + y,
        ArithOp::Sub => x - y,
        ArithOp::Mul => x * y,
        ArithOp::Div => x / y,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::cost::testing::{batch, limits, service};
    use crate::rules::RuleSet;
    use crate::rules::attributes::{number, numbers, values};
    use crate::workload::Workload;
    use crate::workload::fields::{FIELDS, Ty, Val};

    fn rules() -> &'static RuleSet {
        static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        RULES.get_or_init(|| RuleSet::bundled().unwrap())
    }

    /// Every bundled condition: the rules' and the flowchart's branches'.
    fn conditions() -> impl Iterator<Item = (&'static str, &'static Condition)> {
        let r = rules();
        let rules = r.rules.iter().map(|r| (&*r.id, &r.when));
        let branches = r
            .flowchart
            .nodes
            .iter()
            .flat_map(|n| n.branches.iter().map(|b| (&*b.label, &b.when)));
        rules.chain(branches)
    }

    /// The numbers the bundled conditions compare with, so that random workloads fall on both
    /// sides of every threshold and on it.
    fn thresholds() -> Vec<f64> {
        fn walk(e: &Expr, out: &mut Vec<f64>) {
            match e {
                Expr::Const(Value::Num(n)) => out.push(*n),
                Expr::Const(_) | Expr::Attr(_) => {}
                Expr::Not(e) => walk(e, out),
                Expr::And(es) | Expr::Or(es) => es.iter().for_each(|e| walk(e, out)),
                Expr::Cmp(_, ab) | Expr::Arith(_, ab) => ab.iter().for_each(|e| walk(e, out)),
                Expr::In { value, list, .. } => {
                    walk(value, out);
                    out.extend(list.iter().filter_map(|v| match v {
                        Value::Num(n) => Some(*n),
                        _ => None,
                    }));
                }
            }
        }
        let mut out = Vec::new();
        for (_, c) in conditions() {
            walk(c.expr(), &mut out);
        }
        out.extend(out.clone().iter().flat_map(|n| [n * 0.5, n + 1.0, n * 2.0]));
        out
    }

    /// A workload with every attribute field set from `seed`: any choice or flag; a number at a
    /// rule's threshold, near it, or anywhere in the field's range.
    fn random_workload(seed: u64, thresholds: &[f64]) -> Workload {
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut w = if next() % 2 == 0 {
            service(1e6, 100.0)
        } else {
            batch(10.0, 5.0, 1.0, 2.0)
        };
        for f in FIELDS.iter().filter(|f| f.is_attribute()) {
            let r = next();
            let v = match f.ty {
                Ty::Choice(values) => Val::Choice(values[(r as usize) % values.len()]),
                Ty::Flag => Val::Flag(r % 2 == 0),
                Ty::Number | Ty::Count => {
                    let (lo, hi) = f.range.map_or((0.0, 1e6), |r| (r.min, r.max));
                    let x = match r % 3 {
                        0 => thresholds[(r / 3) as usize % thresholds.len()],
                        1 => lo + (hi - lo) * (r >> 11) as f64 / (1u64 << 53) as f64,
                        _ => {
                            lo.max(1e-3)
                                * (hi / lo.max(1e-3)).powf((r >> 11) as f64 / (1u64 << 53) as f64)
                        }
                    };
                    let x = x.clamp(lo, hi);
                    Val::Num(if f.ty == Ty::Count { x.round() } else { x })
                }
                Ty::Text => continue,
            };
            (f.set)(&mut w, v);
        }
        w
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Lowered, every bundled condition holds exactly when the checked expression does, for
        /// workloads with every attribute drawn at random; read alone, a condition's numbers give
        /// the same answer.
        #[test]
        fn lowered_conditions_agree_with_the_expressions(seed in any::<u64>()) {
            let w = random_workload(seed, &thresholds());
            let env = values(&w, limits());
            let nums = numbers(&w, limits());
            for (id, c) in conditions() {
                let expected = c.expr().truthy(&env);
                prop_assert_eq!(c.holds(&nums), expected, "{}", id);
                prop_assert_eq!(c.holds_with(&|i| number(i as usize, &w, limits())), expected, "{}", id);
            }
        }
    }

    /// The random workloads reach both answers of nearly every condition: the test above is not
    /// comparing conditions that always say the same.
    #[test]
    fn random_workloads_reach_both_answers() {
        let thresholds = thresholds();
        let mut seen = std::collections::BTreeMap::<&str, [bool; 2]>::new();
        for seed in 0..2_000u64 {
            let w = random_workload(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15), &thresholds);
            let nums = numbers(&w, limits());
            for (id, c) in conditions() {
                seen.entry(id).or_default()[usize::from(c.holds(&nums))] = true;
            }
        }
        let one_sided: Vec<&str> = seen
            .iter()
            .filter(|(_, both)| !(both[0] && both[1]))
            .map(|(id, _)| *id)
            .collect();
        assert!(
            one_sided.len() * 10 < seen.len(),
            "{} of {} conditions gave one answer: {one_sided:?}",
            one_sided.len(),
            seen.len()
        );
    }

    #[test]
    fn enumerated_attributes_have_fewer_values_than_a_set_holds() {
        for a in ATTRIBUTES.iter() {
            if let AttrType::Enum(values) = a.ty {
                assert!((values.len() as f64) < UNKNOWN, "{}", a.name);
            }
        }
    }

    /// Forms the bundled rules do not use, lowered as the expression evaluates them.
    #[test]
    fn every_form_lowers_as_it_evaluates() {
        let facts = std::collections::BTreeMap::new();
        let w = service(1e6, 100.0);
        let env = values(&w, limits());
        let nums = numbers(&w, limits());
        for text in [
            "1 < resources.vcpu",
            "resources.vcpu * 2 >= resources.memory_gb - 1",
            "2 + 3 == 5",
            "resources.vcpu in [1, 2, 4]",
            "resources.vcpu not in [1, 2, 4]",
            "resources.vcpu / 0 > 1",
            "shape.kind in [\"service\", \"batch\"]",
            "shape.kind not in [\"batch\"]",
            "shape.kind != \"service\"",
            "\"service\" == shape.kind",
            "shape.kind == shape.kind",
            "shape.arch != shape.kind",
            "needs.static_ip == true",
            "needs.static_ip != false",
            "needs.static_ip == needs.os_control",
            "(resources.vcpu > 1) != needs.static_ip",
            "needs.static_ip in [true]",
            "needs.static_ip not in [true, false]",
            "not (needs.static_ip or resources.vcpu >= 1)",
            "true and not false",
        ] {
            let e = match crate::rules::condition::parse(text, &facts) {
                Ok(e) => e,
                Err(e) => panic!("{text}: {}", e.message),
            };
            let c = Condition::new(e);
            assert_eq!(c.holds(&nums), c.expr().truthy(&env), "{text}");
        }
    }
}
