//! Inline SVG for the HTML report: the monthly-cost bar chart, the decision flowchart and the
//! architecture diagram. Plain strings, no scripts, no external fonts or images; every piece of
//! text is XML-escaped here. Colours are presentation attributes (not a `<style>` element), so one
//! drawing's styles cannot leak into another's and each SVG also works when copied out alone.

use std::fmt::Write as _;

use super::architecture::Role;
use super::diagram::{self, Cell, Graph, Node, Shape, palette};

const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// Escapes text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    crate::output::escape::xml(s).into_owned()
}

/// An estimate of a line's width in pixels: there are no font metrics offline, so this assumes
/// an average glyph of 0.56 em (0.6 em bold), which errs wide for the usual sans-serif fonts.
fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let em = if bold { 0.6 } else { 0.56 };
    s.chars().count() as f64 * size * em
}

/// Greedy word wrap to at most `max` characters a line (a longer word gets a line of its own).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn open(out: &mut String, class: &str, width: f64, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{class}-title {class}-desc\" \
         font-family=\"{}\" fill=\"{}\">\n<title id=\"{class}-title\">{}</title>\n<desc id=\"{class}-desc\">{}</desc>\n",
        esc(FONT),
        palette::TEXT,
        esc(title),
        esc(desc)
    );
}

fn arrow_markers(out: &mut String) {
    for (id, color) in [("arrow", palette::LINE), ("arrow-mark", palette::MARK)] {
        let _ = writeln!(
            out,
            "<defs><marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker></defs>"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Bar chart
// ---------------------------------------------------------------------------------------------

/// One bar: a service's monthly cost as the report prints it.
#[derive(Debug, Clone)]
pub struct Bar {
    pub service: String,
    pub label: String,
    pub usd: f64,
    pub text: String,
    pub recommended: bool,
}

/// A step of 1, 2, 2.5 or 5 × 10ⁿ that splits `max` into at most five intervals.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

fn axis_label(x: f64) -> String {
    let text = super::usd(x);
    text.strip_suffix(".00").map_or(text.clone(), str::to_owned)
}

/// Horizontal bars, one per eligible service in rank order, the recommended one coloured.
pub fn bar_chart(bars: &[Bar]) -> String {
    let row = 30.0;
    let label_w = bars
        .iter()
        .map(|b| text_width(&b.label, 13.0, false))
        .fold(0.0, f64::max)
        + 24.0;
    let value_w = bars
        .iter()
        .map(|b| text_width(&b.text, 12.0, true))
        .fold(0.0, f64::max)
        + 16.0;
    let width = 760.0_f64;
    let plot_x = label_w;
    let plot_w = (width - label_w - value_w).max(200.0);
    let top = 8.0;
    let height = top + row * bars.len() as f64 + 34.0;
    let max = bars.iter().map(|b| b.usd).fold(0.0, f64::max);
    let step = nice_step(max);
    let ticks = if max > 0.0 {
        (max / step).ceil().max(1.0)
    } else {
        1.0
    };
    let scale_max = step * ticks;
    let x_of = |usd: f64| plot_x + plot_w * (usd / scale_max);

    let mut out = String::new();
    open(
        &mut out,
        "chart",
        width,
        height,
        "Monthly cost by service",
        &bars
            .iter()
            .map(|b| format!("{}: {}", b.label, b.text))
            .collect::<Vec<_>>()
            .join("; "),
    );
    let axis_y = top + row * bars.len() as f64 + 4.0;
    // Grid and axis labels.
    for k in 0..=(ticks as usize) {
        let v = step * k as f64;
        let x = x_of(v);
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{axis_y:.1}\" stroke=\"#e2e8f0\" stroke-width=\"1\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
            axis_y + 16.0,
            palette::MUTED,
            esc(&axis_label(v))
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let w = (x_of(b.usd) - plot_x).max(1.5);
        let (fill, weight) = if b.recommended {
            ("#1d4ed8", "700")
        } else {
            ("#94a3b8", "400")
        };
        let _ = writeln!(
            out,
            "<g class=\"bar-row\" data-service=\"{svc}\">\
             <text x=\"{lx:.1}\" y=\"{ty:.1}\" font-size=\"13\" text-anchor=\"end\" font-weight=\"{weight}\">{label}</text>\
             <rect class=\"bar\" data-service=\"{svc}\" data-usd=\"{usd}\" x=\"{plot_x:.1}\" y=\"{by:.1}\" width=\"{w:.1}\" height=\"18\" rx=\"3\" fill=\"{fill}\"><title>{label}: {text} a month</title></rect>\
             <text x=\"{vx:.1}\" y=\"{ty:.1}\" font-size=\"12\" font-weight=\"{weight}\">{text}</text></g>",
            svc = esc(&b.service),
            lx = plot_x - 10.0,
            ty = y + 19.0,
            label = esc(&b.label),
            usd = b.usd,
            by = y + 5.0,
            vx = plot_x + w + 6.0,
            text = esc(&b.text),
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{plot_x:.1}\" y1=\"{top:.1}\" x2=\"{plot_x:.1}\" y2=\"{axis_y:.1}\" stroke=\"{}\" stroke-width=\"1\"/>",
        palette::LINE
    );
    out.push_str("</svg>");
    out
}

// ---------------------------------------------------------------------------------------------
// Boxes shared by the two diagrams
// ---------------------------------------------------------------------------------------------

/// A node's text, wrapped to the box, and the box's size.
struct BoxText {
    title: Vec<String>,
    lines: Vec<String>,
    variant: Vec<String>,
    height: f64,
}

const TITLE_SIZE: f64 = 12.5;
const LINE_SIZE: f64 = 11.0;
const TITLE_LEAD: f64 = 15.0;
const LINE_LEAD: f64 = 14.0;
const PAD: f64 = 9.0;

fn box_text(n: &Node, width: f64) -> BoxText {
    let chars = |size: f64, bold: bool| {
        let per = if bold { 0.6 } else { 0.56 } * size;
        ((width - 2.0 * PAD) / per).floor().max(8.0) as usize
    };
    let title = wrap(&n.title, chars(TITLE_SIZE, true));
    let lines: Vec<String> = n
        .lines
        .iter()
        .flat_map(|l| wrap(l, chars(LINE_SIZE, false)))
        .collect();
    let variant = n
        .variant
        .as_deref()
        .map(|v| wrap(v, chars(LINE_SIZE, true)))
        .unwrap_or_default();
    let height = 2.0 * PAD
        + TITLE_LEAD * title.len() as f64
        + LINE_LEAD * (lines.len() + variant.len()) as f64
        + 2.0;
    BoxText {
        title,
        lines,
        variant,
        height,
    }
}

fn node_class(n: &Node) -> String {
    let kind = match n.shape {
        Shape::Question => "question".to_owned(),
        Shape::Leaf => "leaf".to_owned(),
        Shape::Component(role) => format!("component {}", role.as_str()),
        Shape::Instead => "instead".to_owned(),
    };
    if n.excluded {
        format!("node {kind} taken excluded")
    } else if n.marked {
        format!("node {kind} taken")
    } else {
        format!("node {kind}")
    }
}

/// Draws a box centred on `cx` with its top at `y`.
fn draw_box(out: &mut String, n: &Node, t: &BoxText, cx: f64, y: f64, width: f64) {
    let (fill, stroke) = diagram::node_colors(n);
    let emphasised = n.marked || n.shape == Shape::Instead;
    let stroke_w = if emphasised { 2.5 } else { 1.2 };
    let rx = match n.shape {
        Shape::Leaf | Shape::Component(Role::External) => t.height.min(28.0) / 2.0,
        _ => 6.0,
    };
    let dash = match n.shape {
        Shape::Component(Role::External) => " stroke-dasharray=\"4 3\"",
        Shape::Leaf if n.excluded => " stroke-dasharray=\"6 4\"",
        _ => "",
    };
    let x = cx - width / 2.0;
    let _ = write!(
        out,
        "<g class=\"{}\" data-title=\"{}\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{:.1}\" rx=\"{rx:.1}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{stroke_w}\"{dash}/>",
        node_class(n),
        esc(&n.title),
        t.height
    );
    let mut ty = y + PAD + TITLE_SIZE;
    let title_weight = if n.shape == Shape::Question {
        "600"
    } else {
        "700"
    };
    for line in &t.title {
        let _ = write!(
            out,
            "<text x=\"{cx:.1}\" y=\"{ty:.1}\" font-size=\"{TITLE_SIZE}\" font-weight=\"{title_weight}\" text-anchor=\"middle\">{}</text>",
            esc(line)
        );
        ty += TITLE_LEAD;
    }
    ty += LINE_SIZE - TITLE_SIZE + 1.0;
    for line in &t.lines {
        let _ = write!(
            out,
            "<text x=\"{cx:.1}\" y=\"{ty:.1}\" font-size=\"{LINE_SIZE}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
            palette::MUTED,
            esc(line)
        );
        ty += LINE_LEAD;
    }
    for line in &t.variant {
        let _ = write!(
            out,
            "<text class=\"variant\" x=\"{cx:.1}\" y=\"{ty:.1}\" font-size=\"{LINE_SIZE}\" font-weight=\"700\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
            palette::MARK,
            esc(line)
        );
        ty += LINE_LEAD;
    }
    out.push_str("</g>\n");
}

/// A label on an edge: small text on a white pill so it stays readable across lines.
fn edge_label(out: &mut String, text: &str, cx: f64, cy: f64, marked: bool) {
    let w = text_width(text, 11.0, marked) + 10.0;
    let (color, weight) = if marked {
        (palette::MARK, "700")
    } else {
        (palette::MUTED, "400")
    };
    let _ = write!(
        out,
        "<g class=\"edge-label\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"16\" rx=\"8\" fill=\"#ffffff\" fill-opacity=\"0.92\"/>\
         <text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"11\" font-weight=\"{weight}\" text-anchor=\"middle\" fill=\"{color}\">{}</text></g>",
        cx - w / 2.0,
        cy - 8.0,
        cy + 4.0,
        esc(text)
    );
}

fn edge_style(marked: bool) -> (&'static str, f64, &'static str) {
    if marked {
        (palette::MARK, 2.5, "arrow-mark")
    } else {
        (palette::LINE, 1.3, "arrow")
    }
}

// ---------------------------------------------------------------------------------------------
// Flowchart (top-down tree)
// ---------------------------------------------------------------------------------------------

/// The whole decision flowchart, top-down, this workload's path drawn thick and coloured.
pub fn flowchart(g: &Graph, root: usize, title: &str) -> String {
    let box_w = 172.0;
    let col_w = box_w + 26.0;
    let gap = 58.0;
    let margin = 12.0;
    let cells = diagram::tree_layout(g, root);
    let texts: Vec<BoxText> = g.nodes.iter().map(|n| box_text(n, box_w)).collect();
    let rows = cells.iter().flatten().map(|c| c.row + 1).max().unwrap_or(0);
    let cols = cells.iter().flatten().map(|c| c.col + 1).max().unwrap_or(0);
    let mut row_h = vec![0.0f64; rows];
    for (i, c) in cells.iter().enumerate() {
        if let Some(c) = c {
            row_h[c.row] = row_h[c.row].max(texts[i].height);
        }
    }
    let mut row_y = vec![margin; rows];
    for r in 1..rows {
        row_y[r] = row_y[r - 1] + row_h[r - 1] + gap;
    }
    let legend_h = 26.0;
    let height = row_y.last().copied().unwrap_or(margin)
        + row_h.last().copied().unwrap_or(0.0)
        + margin
        + legend_h;
    let width = (2.0 * margin + col_w * cols as f64 - 26.0).max(420.0);
    let x_of = |c: Cell| margin + box_w / 2.0 + col_w * f64::from(c.col);

    let mut out = String::new();
    let path: Vec<&str> = g
        .nodes
        .iter()
        .filter(|n| n.marked)
        .map(|n| n.title.as_str())
        .collect();
    open(
        &mut out,
        "flowchart",
        width,
        height,
        title,
        &format!("This workload's path: {}", path.join(" → ")),
    );
    arrow_markers(&mut out);

    // Edges first (boxes cover their ends), the marked path last so it is drawn on top.
    let mut edges: Vec<&diagram::Edge> = g.edges.iter().collect();
    edges.sort_by_key(|e| e.marked);
    let mut labels = String::new();
    for e in edges {
        let (Some(a), Some(b)) = (cells[e.from], cells[e.to]) else {
            continue;
        };
        let (x1, y1) = (x_of(a), row_y[a.row] + texts[e.from].height);
        let (x2, y2) = (x_of(b), row_y[b.row]);
        let (color, w, marker) = edge_style(e.marked || e.dashed);
        let d = if (x1 - x2).abs() < 0.5 {
            format!("M{x1:.1},{y1:.1} V{y2:.1}")
        } else {
            let bus = y1 + 16.0;
            let dir = if x2 > x1 { 1.0 } else { -1.0 };
            // Rounded corners: down, across, down.
            format!(
                "M{x1:.1},{y1:.1} V{:.1} Q{x1:.1},{bus:.1} {:.1},{bus:.1} H{:.1} Q{x2:.1},{bus:.1} {x2:.1},{:.1} V{y2:.1}",
                bus - 6.0,
                x1 + 6.0 * dir,
                x2 - 6.0 * dir,
                bus + 6.0
            )
        };
        let (class, dash) = match (e.marked, e.dashed) {
            (_, true) => ("edge instead", " stroke-dasharray=\"6 4\""),
            (true, false) => ("edge taken", ""),
            (false, false) => ("edge", ""),
        };
        let _ = writeln!(
            out,
            "<path class=\"{class}\" d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{w}\"{dash} marker-end=\"url(#{marker})\"/>"
        );
        if let Some(l) = &e.label {
            edge_label(&mut labels, l, x2, y2 - 17.0, e.marked);
        }
    }
    out.push_str(&labels);
    out.push('\n');
    for (i, n) in g.nodes.iter().enumerate() {
        if let Some(c) = cells[i] {
            draw_box(&mut out, n, &texts[i], x_of(c), row_y[c.row], box_w);
        }
    }
    // Legend.
    let ly = height - legend_h / 2.0;
    let _ = writeln!(
        out,
        "<g class=\"legend\"><line x1=\"{margin:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{}\" stroke-width=\"2.5\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{}\">this workload's path</text></g>",
        margin + 28.0,
        palette::MARK,
        margin + 36.0,
        ly + 4.0,
        palette::MUTED
    );
    if g.edges.iter().any(|e| e.dashed) {
        let lx = margin + 180.0;
        let _ = writeln!(
            out,
            "<g class=\"legend\"><line x1=\"{lx:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{}\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{}\">target excluded: where the ranking went instead</text></g>",
            lx + 28.0,
            palette::MARK,
            lx + 36.0,
            ly + 4.0,
            palette::MUTED
        );
    }
    out.push_str("</svg>");
    out
}

// ---------------------------------------------------------------------------------------------
// Architecture (left-to-right layers)
// ---------------------------------------------------------------------------------------------

/// What occupies a place in an architecture column.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Node(usize),
    /// Edge `k` passing through, its `j`th waypoint.
    Via(usize, usize),
}

/// The recommended service's components, left to right, inside an AWS boundary.
pub fn architecture(g: &Graph, title: &str, boundary: &str) -> String {
    let box_w = 164.0;
    let col_gap = 104.0;
    let row_gap = 16.0;
    let margin = 14.0;
    let top = margin + 26.0;
    let layers = diagram::layer_layout(g);
    let cells = &layers.cells;
    let texts: Vec<BoxText> = g.nodes.iter().map(|n| box_text(n, box_w)).collect();
    let cols = cells.iter().map(|c| c.col + 1).max().unwrap_or(0).max(1);
    // What each column holds, top to bottom: boxes, and lanes for edges passing through.
    let lane_h = 20.0;
    let mut slots: Vec<(Cell, Slot, f64)> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, Slot::Node(i), texts[i].height))
        .collect();
    for (k, via) in layers.vias.iter().enumerate() {
        for (j, c) in via.iter().enumerate() {
            slots.push((*c, Slot::Via(k, j), lane_h));
        }
    }
    slots.sort_by_key(|(c, ..)| (c.col, c.row));
    let col_height = |c: i32| {
        let hs: Vec<f64> = slots
            .iter()
            .filter(|(cell, ..)| cell.col == c)
            .map(|s| s.2)
            .collect();
        hs.iter().sum::<f64>() + row_gap * (hs.len().saturating_sub(1)) as f64
    };
    let tallest = (0..cols).map(col_height).fold(0.0, f64::max);
    // Each column is centred vertically on the tallest one.
    let mut y = vec![0.0f64; g.nodes.len()];
    let mut via_y: Vec<Vec<f64>> = layers.vias.iter().map(|v| vec![0.0; v.len()]).collect();
    for c in 0..cols {
        let mut at = top + (tallest - col_height(c)) / 2.0;
        for (_, slot, h) in slots.iter().filter(|(cell, ..)| cell.col == c) {
            match *slot {
                Slot::Node(i) => y[i] = at,
                Slot::Via(k, j) => via_y[k][j] = at + h / 2.0,
            }
            at += h + row_gap;
        }
    }
    let x_of = |i: usize| margin + (box_w + col_gap) * f64::from(cells[i].col);
    let legend_h = 30.0;
    let width = 2.0 * margin + (box_w + col_gap) * f64::from(cols) - col_gap;
    let height = top + tallest + margin + 8.0 + legend_h;

    let mut out = String::new();
    let names: Vec<&str> = g.nodes.iter().map(|n| n.title.as_str()).collect();
    open(
        &mut out,
        "architecture",
        width,
        height,
        title,
        &format!("Components: {}", names.join(", ")),
    );
    arrow_markers(&mut out);

    // The AWS boundary around every non-external box, unless an external box would fall inside.
    let inside: Vec<usize> = (0..g.nodes.len())
        .filter(|&i| !matches!(g.nodes[i].shape, Shape::Component(Role::External)))
        .collect();
    if !inside.is_empty() {
        let x0 = inside
            .iter()
            .map(|&i| x_of(i))
            .fold(f64::INFINITY, f64::min)
            - 8.0;
        let x1 = inside.iter().map(|&i| x_of(i) + box_w).fold(0.0, f64::max) + 8.0;
        let y0 = margin;
        let y1 = top + tallest + 8.0;
        let clash = (0..g.nodes.len()).filter(|i| !inside.contains(i)).any(|i| {
            let (bx, by) = (x_of(i), y[i]);
            bx < x1 && bx + box_w > x0 && by < y1 && by + texts[i].height > y0
        });
        if !clash {
            let _ = writeln!(
                out,
                "<g class=\"boundary\"><rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"10\" fill=\"none\" stroke=\"#64748b\" stroke-width=\"1\" stroke-dasharray=\"6 4\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" font-weight=\"600\" fill=\"{}\">{}</text></g>",
                x1 - x0,
                y1 - y0,
                x0 + 10.0,
                y0 + 16.0,
                palette::MUTED,
                esc(boundary)
            );
        }
    }

    let mut labels = String::new();
    let col_x = |c: i32| margin + (box_w + col_gap) * f64::from(c);
    for (k, e) in g.edges.iter().enumerate() {
        let (color, w, marker) = edge_style(e.marked);
        // Horizontal tangents at every point, so the edge leaves and enters boxes level and runs
        // straight through the lanes of the columns it crosses.
        let curve = |d: &mut String, (xa, ya): (f64, f64), (xb, yb): (f64, f64)| {
            let dx = ((xb - xa) / 2.0).max(20.0);
            let _ = write!(
                d,
                " C{:.1},{ya:.1} {:.1},{yb:.1} {xb:.1},{yb:.1}",
                xa + dx,
                xb - dx
            );
        };
        let mut at = (x_of(e.from) + box_w, y[e.from] + texts[e.from].height / 2.0);
        let mut d = format!("M{:.1},{:.1}", at.0, at.1);
        for (j, c) in layers.vias[k].iter().enumerate() {
            let left = (col_x(c.col), via_y[k][j]);
            curve(&mut d, at, left);
            let _ = write!(d, " H{:.1}", left.0 + box_w);
            at = (left.0 + box_w, left.1);
        }
        let end = (x_of(e.to), y[e.to] + texts[e.to].height / 2.0);
        curve(&mut d, at, end);
        let _ = writeln!(
            out,
            "<path class=\"edge\" d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{w}\" marker-end=\"url(#{marker})\"/>"
        );
        if let Some(l) = &e.label {
            // In the first lane the edge crosses, or else at the curve's midpoint: halfway
            // between the columns, where edges fanning out of one box have separated.
            let (lx, ly) = match (layers.vias[k].first(), via_y[k].first()) {
                (Some(c), Some(vy)) => (col_x(c.col) + box_w / 2.0, *vy),
                _ => {
                    let start = (x_of(e.from) + box_w, y[e.from] + texts[e.from].height / 2.0);
                    ((start.0 + end.0) / 2.0, (start.1 + end.1) / 2.0)
                }
            };
            edge_label(&mut labels, l, lx, ly, e.marked);
        }
    }
    out.push_str(&labels);
    out.push('\n');
    for (i, n) in g.nodes.iter().enumerate() {
        draw_box(&mut out, n, &texts[i], x_of(i) + box_w / 2.0, y[i], box_w);
    }

    // Legend: the roles drawn.
    let mut lx = margin;
    let ly = height - legend_h / 2.0;
    let roles = [
        (Role::External, "outside AWS"),
        (Role::Entry, "entry point"),
        (Role::Control, "control"),
        (Role::Compute, "compute (priced)"),
        (Role::Support, "supporting service"),
    ];
    out.push_str("<g class=\"legend\">");
    for (role, text) in roles {
        if !g.nodes.iter().any(|n| n.shape == Shape::Component(role)) {
            continue;
        }
        let probe = Node {
            key: String::new(),
            title: String::new(),
            lines: Vec::new(),
            variant: None,
            shape: Shape::Component(role),
            marked: false,
            excluded: false,
        };
        let (fill, stroke) = diagram::node_colors(&probe);
        let _ = write!(
            out,
            "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"14\" height=\"10\" rx=\"2\" fill=\"{fill}\" stroke=\"{stroke}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{}\">{text}</text>",
            ly - 5.0,
            lx + 19.0,
            ly + 4.0,
            palette::MUTED
        );
        lx += 19.0 + text_width(text, 11.0, false) + 18.0;
    }
    out.push_str("</g>\n</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn wraps_on_words() {
        assert_eq!(
            wrap("Application Load Balancer", 12),
            ["Application", "Load", "Balancer"]
        );
        assert_eq!(
            wrap("What type of workload?", 30),
            ["What type of workload?"]
        );
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(79.94), 20.0);
        assert_eq!(nice_step(1_636.37), 500.0);
        assert_eq!(nice_step(0.45), 0.1);
        assert_eq!(nice_step(0.0), 1.0);
    }

    #[test]
    fn one_bar_per_service() {
        let bars = vec![
            Bar {
                service: "fargate".into(),
                label: "1 ECS on Fargate".into(),
                usd: 79.94,
                text: "$79.94".into(),
                recommended: true,
            },
            Bar {
                service: "lambda".into(),
                label: "2 Lambda <x>".into(),
                usd: 0.0,
                text: "$0.00".into(),
                recommended: false,
            },
        ];
        let svg = bar_chart(&bars);
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
        assert!(svg.contains("Lambda &lt;x&gt;"));
        assert!(!svg.contains("<x>"));
    }
}
