//! `runwhere report --format html`: the decision record as one self-contained HTML page.
//!
//! The page comes from `templates/report.html` and `templates/report.css` (embedded), rendered by
//! minijinja with HTML auto-escaping, so every value from the workload or from data files is
//! escaped on output. The chart, flowchart and architecture diagram are inline SVG from
//! [`super::svg`]; there are no scripts, fonts or images to fetch, and a print stylesheet.

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value, context};

use super::record::{Record, SECTIONS};
use super::svg::{self, Bar};
use crate::error::{Error, Result};

const PAGE: &str = include_str!("../../templates/report.html");
const STYLE: &str = include_str!("../../templates/report.css");

/// Escapes text for HTML; a span in backticks becomes `<code>`.
pub fn prose(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() % 2 == 0 {
        return svg::esc(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(&svg::esc(part));
        } else {
            out.push_str("<code>");
            out.push_str(&svg::esc(part));
            out.push_str("</code>");
        }
    }
    out
}

fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.add_filter("prose", |s: &str| Value::from_safe_string(prose(s)));
    env.add_template("report.html", PAGE)
        .map_err(template_error)?;
    Ok(env)
}

fn template_error(e: minijinja::Error) -> Error {
    Error::Render {
        message: e.to_string(),
    }
}

/// The bars of the cost chart, from the ranked options (the same figures as the table).
fn bars(r: &Record) -> Vec<Bar> {
    r.options
        .iter()
        .map(|o| Bar {
            service: o.service.to_owned(),
            label: format!("{} {}", o.rank, o.name),
            usd: o.monthly_usd,
            text: o.monthly.clone(),
            recommended: o.recommended,
        })
        .collect()
}

/// Renders the page.
///
/// # Errors
/// [`Error::Render`] only if the embedded template is broken, which the test suite rules out.
pub fn render(r: &Record) -> Result<String> {
    let env = environment()?;
    let chart = if r.options.is_empty() {
        None
    } else {
        Some(Value::from_safe_string(svg::bar_chart(&bars(r))))
    };
    let flowchart = Value::from_safe_string(svg::flowchart(
        &r.flowchart.graph,
        r.flowchart.root,
        &r.flowchart.title,
    ));
    let architecture = r.architecture.as_ref().map(|a| {
        Value::from_safe_string(svg::architecture(
            &a.graph,
            &format!("{} for {}", a.title, a.name),
            &a.boundary,
        ))
    });
    let page = env.get_template("report.html").map_err(template_error)?;
    let mut out = page
        .render(context! {
            r => Value::from_serialize(r),
            style => Value::from_safe_string(STYLE.to_owned()),
            sections => SECTIONS,
            chart_svg => chart,
            flowchart_svg => flowchart,
            architecture_svg => architecture,
        })
        .map_err(template_error)?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_escapes_and_keeps_code() {
        assert_eq!(
            prose("kind is `service` <b>"),
            "kind is <code>service</code> &lt;b&gt;"
        );
        assert_eq!(prose("`<script>`"), "<code>&lt;script&gt;</code>");
        assert_eq!(prose("odd ` <i>"), "odd ` &lt;i&gt;");
    }

    #[test]
    fn templates_parse() {
        environment().unwrap();
    }
}
