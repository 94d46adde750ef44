//! `runwhere interview`: a questionnaire that writes the workload file it then reads.
//!
//! The questions and their branching are data (`questions.rs`): each names the workload key it
//! fills, its one-line help, its default and when it is asked, in the order of the documents'
//! decision flowchart. [`Interview::run`] walks them over any [`AnswerSource`] — the terminal
//! ([`prompt::Terminal`]) or a script in tests — and checks every answer with the workload parser
//! itself ([`Workload::parse`]), so the interview accepts exactly what the file format accepts and
//! says why when it does not. [`write`] turns the answers into a commented workload file.
//!
//! The answers are kept as a [`Draft`]: the keys that will be written, nothing else. An answer equal
//! to the default the parser would apply anyway is left out, so a saved file holds only what was
//! really decided. Starting from a file (`--from`), every key it gives stays written, with the new
//! answer if there is one; a key the interview does not ask about keeps its value.

mod fields;
mod number;
pub mod prompt;
mod questions;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::input::source::SourceFile;
use crate::pricing::Catalog;
use crate::workload::{Kind, Workload};

use fields::Type;
use questions::{Fallback, Input, QUESTIONS, Question};

/// One key's value, as it is written in the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string, including every closed set of values (`"service"`, `"arm"`).
    Text(String),
    Number(f64),
    /// A whole number, for keys that take only integers (`gpus`, `services`).
    Int(i64),
    Bool(bool),
}

/// The answers so far: every key that the saved file will contain, by dotted path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    values: BTreeMap<&'static str, Value>,
}

impl Draft {
    /// No answers yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The keys a workload file gives, as the starting answers for `interview --from`.
    ///
    /// Call it on a file that [`Workload::parse`] accepted: anything that is not a workload key
    /// of the right type is skipped here, not reported.
    ///
    /// # Errors
    /// [`Error::Invalid`] if the text is not TOML at all.
    pub fn from_source(source: &SourceFile) -> Result<Self> {
        let table: toml::Table = toml::from_str(source.text()).map_err(|e| {
            Error::Invalid(crate::input::diagnostic::Diagnostics(vec![
                crate::input::diagnostic::toml_error(source, &e),
            ]))
        })?;
        let mut draft = Self::new();
        for (key, value) in &table {
            match value {
                toml::Value::Table(inner) => {
                    for (name, value) in inner {
                        draft.insert_raw(&format!("{key}.{name}"), value);
                    }
                }
                value => draft.insert_raw(key, value),
            }
        }
        Ok(draft)
    }

    fn insert_raw(&mut self, key: &str, value: &toml::Value) {
        // The format version is not an answer: every saved file is version 1.
        let Some(field) = fields::find(key).filter(|f| f.key != "version") else {
            return;
        };
        let value = match (field.ty, value) {
            (Type::Text, toml::Value::String(s)) => Value::Text(s.clone()),
            (Type::Number, toml::Value::Integer(i)) => Value::Number(*i as f64),
            (Type::Number, toml::Value::Float(f)) => Value::Number(*f),
            (Type::Int, toml::Value::Integer(i)) => Value::Int(*i),
            (Type::Bool, toml::Value::Boolean(b)) => Value::Bool(*b),
            _ => return,
        };
        self.values.insert(field.key, value);
    }

    /// The value of a key, if the file will give it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// Sets a key (one the format knows) or, with `None`, leaves it out.
    pub fn set(&mut self, key: &str, value: Option<Value>) {
        let Some(field) = fields::find(key) else {
            return;
        };
        match value {
            Some(v) => {
                self.values.insert(field.key, v);
            }
            None => {
                self.values.remove(field.key);
            }
        }
    }

    /// Every key given, with its value, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.values.iter().map(|(k, v)| (*k, v))
    }

    /// The workload's name, once answered.
    pub fn name(&self) -> Option<&str> {
        self.text("name")
    }

    fn text(&self, key: &str) -> Option<&str> {
        match self.values.get(key) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    fn flag(&self, key: &str) -> bool {
        matches!(self.values.get(key), Some(Value::Bool(true)))
    }

    /// The service `[current]` says it runs on today, once answered.
    fn current_service(&self) -> Option<crate::service::Service> {
        self.text("current.service")
            .and_then(crate::service::Service::from_id)
    }

    fn kind(&self) -> Option<Kind> {
        self.text("shape.kind").and_then(Kind::from_name)
    }

    /// Whether a key is written for this kind: `[traffic]` only for services and events, `[jobs]`
    /// only for batch and scheduled work (the parser rejects the other table).
    fn applies(&self, key: &str) -> bool {
        match key.split_once('.') {
            Some(("traffic", _)) => self.kind().is_some_and(Kind::has_traffic),
            Some(("jobs", _)) => self.kind().is_some_and(|k| !k.has_traffic()),
            // `[current]`: its service, then only the keys that describe that service.
            Some(("current", "service")) => true,
            Some(("current", k)) => self.current_service().is_some_and(|s| {
                crate::workload::Current::takes(
                    s,
                    k,
                    self.text("current.instance_type").is_some(),
                    self.kind().is_some_and(|k| !k.has_traffic()),
                )
            }),
            _ => true,
        }
    }
}

/// A question as an [`AnswerSource`] sees it.
#[derive(Debug, Clone)]
pub struct Prompt<'a> {
    /// The workload key it fills (`traffic.requests_per_month`), `needs` for the checklist of
    /// needs, or `save`, `save.path`, `save.replace` for the questions about saving.
    pub id: &'a str,
    /// The part of the questionnaire (`Traffic`), for a heading when it changes.
    pub section: &'a str,
    /// The question, with its unit.
    pub text: &'a str,
    /// One line of help.
    pub help: &'a str,
    pub ask: Ask<'a>,
}

/// The kind of answer a prompt takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask<'a> {
    /// Free text; an empty reply takes the default, shown as `default`.
    Text {
        default: Option<String>,
    },
    YesNo {
        default: bool,
    },
    /// One of `options`.
    Choice {
        options: Vec<Opt<'a>>,
        default: usize,
    },
    /// Any number of `options`, ticked or not.
    Flags {
        options: Vec<Opt<'a>>,
        selected: Vec<bool>,
    },
}

/// One option of a choice or a checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opt<'a> {
    /// As written in the file (`service`), or the key of a flag (`needs.sidecars`).
    pub value: &'a str,
    /// What it means, in a few words.
    pub label: &'a str,
}

/// An answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// What was typed; empty to accept the default.
    Text(String),
    YesNo(bool),
    /// The index of the option chosen.
    Choice(usize),
    /// For each option, whether it is ticked.
    Flags(Vec<bool>),
    /// Go back to the previous question (its answer is undone and asked again).
    Back,
}

/// Checks a reply: `Ok` with the answer as understood, to show, or `Err` with why it cannot be
/// taken.
pub type Check<'a> = dyn FnMut(&Reply) -> std::result::Result<String, String> + 'a;

/// Where answers come from: the terminal, or a script in tests.
pub trait AnswerSource {
    /// Asks until `check` accepts the reply, showing the person each refusal (an explanation to
    /// act on) before asking again. `check` gives the answer as it was understood, to show
    /// (`30M` is shown as `30_000_000`).
    ///
    /// # Errors
    /// [`Error::Interrupted`] when the person gives up (Ctrl-C, Esc); a terminal that fails.
    fn ask(&mut self, prompt: &Prompt<'_>, check: &mut Check<'_>) -> Result<Reply>;
}

/// The questionnaire for one catalog of pricing tables.
#[derive(Debug, Clone)]
pub struct Interview {
    /// Regions with a pricing table: id and name.
    regions: Vec<(String, String)>,
    /// `--region`: the region is not asked.
    fixed_region: Option<String>,
}

/// Changes to the draft from one answer: a key and its new value, or `None` to leave it out.
type Changes = Vec<(&'static str, Option<Value>)>;

impl Interview {
    /// Regions are offered from `catalog`; `fixed_region` (already checked to be in it) is used
    /// without asking.
    pub fn new(catalog: &Catalog, fixed_region: Option<&str>) -> Self {
        let regions = catalog
            .regions()
            .into_iter()
            .map(|id| {
                let name = catalog.get(id).map_or("", |p| p.table.name.as_str());
                (id.to_owned(), name.to_owned())
            })
            .collect();
        Self {
            regions,
            fixed_region: fixed_region.map(str::to_owned),
        }
    }

    /// Asks every question that applies, in order, starting from `draft` (empty, or a `--from`
    /// file), and returns the answers and the workload they make.
    ///
    /// # Errors
    /// [`Error::Interrupted`] and terminal failures from `source`; [`Error::Invalid`] only if the
    /// answers together still fail to validate, which each answer's own check is there to prevent.
    pub fn run(
        &self,
        source: &mut dyn AnswerSource,
        mut draft: Draft,
    ) -> Result<(Draft, Workload)> {
        if let (Some(region), Some(q)) = (&self.fixed_region, questions::find("region")) {
            let value = normalize(q, &draft, "region", Value::Text(region.clone()));
            draft.set("region", value);
        }
        // The questions answered so far, each with the draft before its answer, for going back.
        let mut history: Vec<(usize, Draft)> = Vec::new();
        let mut at = 0;
        while let Some(q) = QUESTIONS.get(at) {
            if !self.asks(q, &draft) {
                at += 1;
                continue;
            }
            let prompt = self.prompt(q, &draft);
            let changes = loop {
                let mut check = |reply: &Reply| {
                    let (changes, shown) = self.interpret(q, &draft, reply)?;
                    self.check(&draft, &changes).map(|()| shown)
                };
                let reply = source.ask(&prompt, &mut check)?;
                if reply == Reply::Back {
                    break None;
                }
                // The source checked the reply; a source that did not is asked again.
                if let Ok((changes, _)) = self.interpret(q, &draft, &reply) {
                    if self.check(&draft, &changes).is_ok() {
                        break Some(changes);
                    }
                }
            };
            match changes {
                Some(changes) => {
                    history.push((at, draft.clone()));
                    for (key, value) in changes {
                        draft.set(key, value);
                    }
                    at += 1;
                }
                // Back: undo the previous answer and ask that question again (the first question
                // has none before it, so it is asked again).
                None => {
                    if let Some((previous, before)) = history.pop() {
                        at = previous;
                        draft = before;
                    }
                }
            }
        }
        let workload = self.workload(&draft)?;
        Ok((draft, workload))
    }

    /// The workload the answers make, checked by the workload parser.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every problem.
    pub fn workload(&self, draft: &Draft) -> Result<Workload> {
        let text = write::render(draft, None).text;
        let source = SourceFile::new("<interview>", text);
        Workload::parse(&source, &self.region_ids())
    }

    fn region_ids(&self) -> Vec<&str> {
        self.regions.iter().map(|(id, _)| id.as_str()).collect()
    }

    fn asks(&self, q: &Question, draft: &Draft) -> bool {
        if matches!(q.input, Input::Region) && self.fixed_region.is_some() {
            return false;
        }
        (q.when)(draft)
    }

    /// The prompt for `q`, with the current answer (or the default) as what Enter accepts.
    fn prompt<'q>(&'q self, q: &'q Question, draft: &Draft) -> Prompt<'q> {
        let current = || {
            draft
                .get(q.key)
                .cloned()
                .or_else(|| q.fallback_value(draft))
        };
        let ask = match &q.input {
            Input::Text { fallback } | Input::Number { fallback, .. } | Input::Int { fallback } => {
                let default = match current() {
                    Some(v) => Some(write::display(&v)),
                    None if matches!(fallback, Fallback::Absent) => Some("none".to_owned()),
                    None => None,
                };
                Ask::Text { default }
            }
            Input::YesNo => Ask::YesNo {
                default: draft.flag(q.key),
            },
            Input::Choice { options, .. } => {
                let current = current();
                let options: Vec<Opt<'q>> = options
                    .iter()
                    .map(|(value, label)| Opt { value, label })
                    .collect();
                let default = options
                    .iter()
                    .position(|o| current == Some(Value::Text(o.value.to_owned())))
                    .unwrap_or(0);
                Ask::Choice { options, default }
            }
            Input::Region => {
                let current = current();
                let options: Vec<Opt<'q>> = self
                    .regions
                    .iter()
                    .map(|(id, name)| Opt {
                        value: id,
                        label: name,
                    })
                    .collect();
                let default = options
                    .iter()
                    .position(|o| current == Some(Value::Text(o.value.to_owned())))
                    .unwrap_or(0);
                Ask::Choice { options, default }
            }
            Input::Flags { options } => {
                let options: Vec<Opt<'q>> = q
                    .flags_for(options, draft)
                    .map(|f| Opt {
                        value: f.key,
                        label: f.label,
                    })
                    .collect();
                let selected = options.iter().map(|o| draft.flag(o.value)).collect();
                Ask::Flags { options, selected }
            }
        };
        Prompt {
            id: q.key,
            section: q.section,
            text: q.text,
            help: q.help,
            ask,
        }
    }

    /// What a reply changes in the draft and the answer as understood, or why it cannot be taken.
    fn interpret(
        &self,
        q: &Question,
        draft: &Draft,
        reply: &Reply,
    ) -> Result<(Changes, String), String> {
        let value = match (&q.input, reply) {
            (Input::Text { .. } | Input::Number { .. } | Input::Int { .. }, Reply::Text(text)) => {
                let text = text.trim();
                if text.is_empty() {
                    match draft
                        .get(q.key)
                        .cloned()
                        .or_else(|| q.fallback_value(draft))
                    {
                        Some(v) => v,
                        None => return Ok((vec![(q.key, None)], "none".to_owned())),
                    }
                } else if matches!(q.fallback(), Some(Fallback::Absent))
                    && text.eq_ignore_ascii_case("none")
                {
                    return Ok((vec![(q.key, None)], "none".to_owned()));
                } else {
                    match &q.input {
                        Input::Number { units, .. } => Value::Number(number::parse(text, units)?),
                        Input::Int { .. } => Value::Int(whole(text)?),
                        _ => Value::Text(text.to_owned()),
                    }
                }
            }
            (Input::YesNo, Reply::YesNo(b)) => Value::Bool(*b),
            (Input::Choice { options, .. }, Reply::Choice(i)) => match options.get(*i) {
                Some((value, _)) => Value::Text((*value).to_owned()),
                None => return Err(format!("there is no option {}", i + 1)),
            },
            (Input::Region, Reply::Choice(i)) => match self.regions.get(*i) {
                Some((id, _)) => Value::Text(id.clone()),
                None => return Err(format!("there is no option {}", i + 1)),
            },
            (Input::Flags { options }, Reply::Flags(ticks)) => {
                let shown: Vec<_> = q.flags_for(options, draft).collect();
                if ticks.len() != shown.len() {
                    return Err(format!(
                        "expected {} answers, got {}",
                        shown.len(),
                        ticks.len()
                    ));
                }
                let changes = shown
                    .iter()
                    .zip(ticks)
                    .map(|(flag, &on)| (flag.key, normalize(q, draft, flag.key, Value::Bool(on))))
                    .collect();
                let ticked: Vec<&str> = shown
                    .iter()
                    .zip(ticks)
                    .filter(|(_, on)| **on)
                    .map(|(flag, _)| flag.key.rsplit('.').next().unwrap_or(flag.key))
                    .collect();
                let answer = if ticked.is_empty() {
                    "none of these".to_owned()
                } else {
                    ticked.join(", ")
                };
                return Ok((changes, answer));
            }
            _ => return Err("that kind of answer does not fit this question".to_owned()),
        };
        let shown = match &value {
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
            v => write::display(v),
        };
        Ok((vec![(q.key, normalize(q, draft, q.key, value))], shown))
    }

    /// Whether the draft with `changes` still validates where the changes are: the answer is
    /// written into a trial file and read back by the workload parser, and only problems on the
    /// changed lines count (the rest of the questionnaire is still to come).
    fn check(&self, draft: &Draft, changes: &Changes) -> Result<(), String> {
        let mut trial = draft.clone();
        for (key, value) in changes {
            trial.set(key, value.clone());
        }
        let rendered = write::render(&trial, None);
        let lines: Vec<usize> = changes
            .iter()
            .filter(|(_, v)| v.is_some())
            .filter_map(|(key, _)| rendered.line_of(key))
            .collect();
        if lines.is_empty() {
            return Ok(());
        }
        let source = SourceFile::new("<answer>", rendered.text);
        match Workload::parse(&source, &self.region_ids()) {
            Ok(_) => Ok(()),
            Err(Error::Invalid(diagnostics)) => match diagnostics.iter().find(|d| {
                d.code != crate::input::diagnostic::Code::MissingKey
                    && lines.contains(&d.location.line)
            }) {
                Some(d) => Err(match &d.help {
                    Some(help) => format!("{}: {help}", d.message),
                    None => d.message.clone(),
                }),
                None => Ok(()),
            },
            Err(other) => Err(other.to_string()),
        }
    }
}

/// `Some(value)` to write it, or `None` to leave it out: a key the draft does not give yet stays
/// out when the answer is what the parser would apply anyway. A key it gives (from the `--from`
/// file, say) stays written, so that editing a file changes only what was changed.
fn normalize(q: &Question, draft: &Draft, key: &str, value: Value) -> Option<Value> {
    if draft.get(key).is_some() {
        return Some(value);
    }
    let implicit = match q.fallback() {
        Some(Fallback::Implicit) => q.fallback_value(draft),
        Some(Fallback::Suggested(_) | Fallback::Absent) => None,
        // Flags and yes/no questions: every flag defaults to `false`.
        None => Some(Value::Bool(false)),
    };
    (implicit != Some(value.clone())).then_some(value)
}

/// A whole number from an answer to a question that takes only whole numbers.
fn whole(text: &str) -> Result<i64, String> {
    let n = number::parse(text, &[])?;
    if n.fract() != 0.0 {
        return Err(format!(
            "`{text}` is not a whole number; write one like `2`"
        ));
    }
    if n.abs() > 9e15 {
        return Err(format!("`{text}` is too large"));
    }
    Ok(n as i64)
}

/// What to do about saving, from `--save` / `--no-save`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Save {
    /// Ask whether to save, and where.
    Ask,
    /// Save here (`--save PATH`), asking only before replacing a file.
    To(PathBuf),
    /// Do not save (`--no-save`).
    No,
}

pub use crate::error::PathProblem;

/// Whether a file can be written at `path` (it may exist: replacing is asked separately).
///
/// # Errors
/// The [`PathProblem`].
pub fn check_path(path: &Path) -> std::result::Result<(), PathProblem> {
    if path.as_os_str().is_empty() {
        return Err(PathProblem::Empty);
    }
    if path.is_dir() {
        return Err(PathProblem::IsDirectory);
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
            Err(PathProblem::NoDirectory {
                dir: dir.to_path_buf(),
            })
        }
        _ => Ok(()),
    }
}

/// The file name offered for a workload: its name in lowercase with dashes, `.toml`.
pub fn default_file_name(draft: &Draft) -> PathBuf {
    let name = draft.name().unwrap_or("workload");
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "workload" } else { slug };
    PathBuf::from(format!("{slug}.toml"))
}

const SAVE: &str = "Save";

/// Where to save the workload, or `None` not to: asks whether and where (offering `default`),
/// and never replaces an existing file without a yes.
///
/// # Errors
/// As [`AnswerSource::ask`].
pub fn choose_path(
    source: &mut dyn AnswerSource,
    save: &Save,
    default: &Path,
) -> Result<Option<PathBuf>> {
    let mut offer = match save {
        Save::No => return Ok(None),
        Save::To(path) => {
            if !path.exists() || confirm_replace(source, path)? {
                return Ok(Some(path.clone()));
            }
            path.clone()
        }
        Save::Ask => {
            let prompt = Prompt {
                id: "save",
                section: SAVE,
                text: "Save this workload to a file?",
                help: "A commented TOML file that `runwhere recommend` reads; you can edit it later",
                ask: Ask::YesNo { default: true },
            };
            // Back has nothing to go back to once the ranking is shown: ask again.
            let mut reply = Reply::Back;
            while reply == Reply::Back {
                reply = source.ask(&prompt, &mut yes_no)?;
            }
            if reply != Reply::YesNo(true) {
                return Ok(None);
            }
            default.to_path_buf()
        }
    };
    loop {
        let shown = offer.display().to_string();
        let prompt = Prompt {
            id: "save.path",
            section: SAVE,
            text: "Save as",
            help: "A path relative to the current directory; an existing file is replaced only if you say so",
            ask: Ask::Text {
                default: Some(shown),
            },
        };
        let pick = |reply: &Reply| match reply {
            Reply::Text(t) if t.trim().is_empty() => offer.clone(),
            Reply::Text(t) => PathBuf::from(t.trim()),
            _ => PathBuf::new(),
        };
        let reply = source.ask(&prompt, &mut |reply| {
            let path = pick(reply);
            check_path(&path).map_err(|p| p.to_string())?;
            Ok(path.display().to_string())
        })?;
        if reply == Reply::Back {
            continue;
        }
        let path = pick(&reply);
        if check_path(&path).is_err() {
            continue;
        }
        if !path.exists() || confirm_replace(source, &path)? {
            return Ok(Some(path));
        }
        offer = path;
    }
}

fn confirm_replace(source: &mut dyn AnswerSource, path: &Path) -> Result<bool> {
    let help = format!(
        "`{}` exists; its contents, comments included, would be replaced",
        path.display()
    );
    let prompt = Prompt {
        id: "save.replace",
        section: SAVE,
        text: "That file already exists. Replace it?",
        help: &help,
        ask: Ask::YesNo { default: false },
    };
    // Back from here: not replaced, and the path is asked again.
    Ok(source.ask(&prompt, &mut yes_no)? == Reply::YesNo(true))
}

/// The check for a yes/no question about saving: any answer will do.
fn yes_no(reply: &Reply) -> std::result::Result<String, String> {
    match reply {
        Reply::YesNo(true) => Ok("yes".to_owned()),
        Reply::YesNo(false) => Ok("no".to_owned()),
        _ => Err("answer yes or no".to_owned()),
    }
}

#[cfg(test)]
mod tests;
