//! Diagrams as plain graphs: the decision flowchart with this workload's path marked, and the
//! recommended service's architecture. One graph feeds both the Mermaid text (Markdown) and the SVG
//! drawing (HTML), so the two formats show the same boxes, labels and highlights.
//!
//! Also here: the two layouts the SVG renderer uses (a top-down decision tree and left-to-right
//! layers); they are pure functions of the graph, so they are unit-tested without drawing.

use std::fmt::Write as _;

use super::architecture::{Fitted, Role};
use crate::rules::{Flowchart, Target};
use crate::service::Service;

/// How a box is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A flowchart question.
    Question,
    /// A flowchart leaf: the services a path ends at.
    Leaf,
    /// An architecture component.
    Component(Role),
    /// Where the ranking went when the flowchart's target is excluded.
    Instead,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// `n0`, `n1`, …: safe in Mermaid and in SVG attributes.
    pub key: String,
    pub title: String,
    /// Smaller lines under the title (a leaf's caption, a component's detail).
    pub lines: Vec<String>,
    /// An emphasised last line (the priced variant of the compute box).
    pub variant: Option<String>,
    pub shape: Shape,
    /// On this workload's flowchart path, or the priced compute in an architecture.
    pub marked: bool,
    /// A flowchart leaf whose services are all excluded for this workload.
    pub excluded: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
    pub marked: bool,
    /// Drawn dashed: from an excluded leaf to where the ranking went instead.
    pub dashed: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Graph {
    fn push(&mut self, title: String, lines: Vec<String>, shape: Shape) -> usize {
        let key = format!("n{}", self.nodes.len());
        self.nodes.push(Node {
            key,
            title,
            lines,
            variant: None,
            shape,
            marked: false,
            excluded: false,
        });
        self.nodes.len() - 1
    }

    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.edges.iter().filter(move |e| e.from == i).map(|e| e.to)
    }
}

/// A node that only names the services it leads to: one branch, straight to a leaf.
fn is_terminal(node: &crate::rules::Node) -> bool {
    matches!(node.branches.as_slice(), [b] if matches!(b.target, Target::Leaf(_)))
}

fn service_names(services: &[Service]) -> String {
    services
        .iter()
        .map(|s| s.display_name())
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The whole flowchart, with the nodes and branches of `path` (question, branch label) marked.
///
/// Returns the graph and the index of its start node. A node with a single branch straight to a
/// leaf is drawn as that leaf (its question is the leaf's name, the branch label its caption); any
/// other branch to a leaf gets a leaf box of its own.
pub fn flowchart(fc: &Flowchart, path: &[(String, String)]) -> (Graph, usize) {
    let mut g = Graph::default();
    for node in &fc.nodes {
        if is_terminal(node) {
            let caption = node.branches.iter().map(|b| b.label.to_string()).collect();
            g.push(node.question.to_string(), caption, Shape::Leaf);
        } else {
            g.push(node.question.to_string(), Vec::new(), Shape::Question);
        }
    }
    // Edges, remembering which (node, branch) each came from so the path can mark them.
    let mut origin: Vec<(usize, usize)> = Vec::new();
    for (i, node) in fc.nodes.iter().enumerate() {
        if is_terminal(node) {
            continue;
        }
        for (b, branch) in node.branches.iter().enumerate() {
            let to = match &branch.target {
                Target::Node(j) => *j,
                Target::Leaf(services) => g.push(service_names(services), Vec::new(), Shape::Leaf),
            };
            g.edges.push(Edge {
                from: i,
                to,
                label: Some(branch.label.to_string()),
                marked: false,
                dashed: false,
            });
            origin.push((i, b));
        }
    }

    // Walk the recorded path from the start, matching each step by its question and branch label.
    let mut at = Some(fc.start);
    for (question, label) in path {
        let Some(i) = at.take() else { break };
        let Some(node) = fc.nodes.get(i) else { break };
        if &node.question != question {
            break;
        }
        let Some(b) = node.branches.iter().position(|x| &x.label == label) else {
            break;
        };
        g.nodes[i].marked = true;
        if is_terminal(node) {
            break;
        }
        if let Some(e) = origin.iter().position(|o| *o == (i, b)) {
            g.edges[e].marked = true;
            let to = g.edges[e].to;
            g.nodes[to].marked = true;
            if let Target::Node(j) = node.branches[b].target {
                at = Some(j);
            }
        }
    }
    (g, fc.start)
}

/// Marks the leaf the path ends at as excluded and adds, below it, a box for where the ranking
/// went instead (`title`, with `lines` under it; none when no service can run the workload), joined
/// by a dashed arrow. Returns the new box's index, or `None` when the path reaches no leaf.
pub fn redirect(g: &mut Graph, title: &str, lines: Vec<String>) -> Option<usize> {
    let leaf = g
        .nodes
        .iter()
        .rposition(|n| n.marked && n.shape == Shape::Leaf)?;
    g.nodes[leaf].excluded = true;
    let to = g.push(title.to_owned(), lines, Shape::Instead);
    g.edges.push(Edge {
        from: leaf,
        to,
        label: Some("excluded".to_owned()),
        marked: false,
        dashed: true,
    });
    Some(to)
}

/// The components of one service's diagram fitted to a workload; the compute boxes are marked and
/// show `variant`.
pub fn architecture(fitted: &Fitted<'_>, variant: &str) -> Graph {
    let mut g = Graph::default();
    for c in &fitted.components {
        let i = g.push(
            c.label.clone(),
            c.detail.iter().cloned().collect(),
            Shape::Component(c.role),
        );
        if c.role == Role::Compute {
            g.nodes[i].marked = true;
        }
        if c.variant && !variant.is_empty() {
            g.nodes[i].variant = Some(variant.to_owned());
        }
    }
    let index = |id: &str| fitted.components.iter().position(|c| c.id == id);
    for e in &fitted.edges {
        if let (Some(from), Some(to)) = (index(&e.from), index(&e.to)) {
            g.edges.push(Edge {
                from,
                to,
                label: e.label.clone(),
                marked: false,
                dashed: false,
            });
        }
    }
    g
}

// ---------------------------------------------------------------------------------------------
// Mermaid
// ---------------------------------------------------------------------------------------------

/// Text safe inside a quoted Mermaid label, on one line. Mermaid draws labels as HTML, so HTML
/// entities are used for the characters that would end the label, be read as markup or as
/// Mermaid syntax (`"`, `<`, `>`, `&`, `|`, a leading backtick), and for `#`: Mermaid's own
/// `#name;` codes are not decoded by every renderer, so none may appear by accident.
pub fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '#' => out.push_str("&num;"),
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&vert;"),
            '`' => out.push_str("&grave;"),
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A node's label: its title, then its lines, separated by line breaks.
fn mermaid_label(n: &Node) -> String {
    let mut parts = vec![format!("<b>{}</b>", mermaid_text(&n.title))];
    if n.shape == Shape::Question {
        parts[0] = mermaid_text(&n.title);
    }
    parts.extend(n.lines.iter().map(|l| mermaid_text(l)));
    if let Some(v) = &n.variant {
        parts.push(format!("<i>{}</i>", mermaid_text(v)));
    }
    parts.join("<br/>")
}

fn mermaid_node(n: &Node) -> String {
    let label = mermaid_label(n);
    match n.shape {
        Shape::Question => format!("{}{{\"{label}\"}}", n.key),
        Shape::Leaf => format!("{}([\"{label}\"])", n.key),
        Shape::Component(Role::External) => format!("{}([\"{label}\"])", n.key),
        Shape::Component(_) => format!("{}[\"{label}\"]", n.key),
        Shape::Instead => format!("{}[[\"{label}\"]]", n.key),
    }
}

/// Colours shared with the SVG drawings.
pub mod palette {
    /// This workload's path and the priced compute.
    pub const MARK: &str = "#c2410c";
    pub const MARK_FILL: &str = "#fff7ed";
    pub const LINE: &str = "#94a3b8";
    pub const TEXT: &str = "#0f172a";
    pub const MUTED: &str = "#475569";
    pub const QUESTION_FILL: &str = "#f8fafc";
    pub const QUESTION_STROKE: &str = "#64748b";
    pub const LEAF_FILL: &str = "#eff6ff";
    pub const LEAF_STROKE: &str = "#3b82f6";
    /// An excluded flowchart target, and where the ranking went instead.
    pub const EXCLUDED_FILL: &str = "#f1f5f9";
    pub const EXCLUDED_STROKE: &str = "#64748b";
    pub const INSTEAD_FILL: &str = "#ecfdf5";
    pub const INSTEAD_STROKE: &str = "#047857";
}

fn role_colors(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::External => ("#f8fafc", "#94a3b8"),
        Role::Entry => ("#f5f3ff", "#7c3aed"),
        Role::Control => ("#ecfeff", "#0e7490"),
        Role::Compute => (palette::MARK_FILL, palette::MARK),
        Role::Support => ("#f0fdf4", "#15803d"),
    }
}

/// Fill and stroke of a node.
pub fn node_colors(n: &Node) -> (&'static str, &'static str) {
    match n.shape {
        Shape::Question if n.marked => (palette::MARK_FILL, palette::MARK),
        Shape::Question => (palette::QUESTION_FILL, palette::QUESTION_STROKE),
        Shape::Leaf if n.excluded => (palette::EXCLUDED_FILL, palette::EXCLUDED_STROKE),
        Shape::Leaf if n.marked => (palette::MARK_FILL, palette::MARK),
        Shape::Leaf => (palette::LEAF_FILL, palette::LEAF_STROKE),
        Shape::Component(role) => role_colors(role),
        Shape::Instead => (palette::INSTEAD_FILL, palette::INSTEAD_STROKE),
    }
}

/// A Mermaid `flowchart` for `g`. `boundary` puts the non-external components in a subgraph with
/// that title (the AWS account); marked nodes and edges get a thick, coloured outline.
pub fn mermaid(g: &Graph, direction: &str, boundary: Option<&str>) -> String {
    let mut out = format!("flowchart {direction}\n");
    let inside =
        |n: &Node| boundary.is_some() && !matches!(n.shape, Shape::Component(Role::External));
    for n in g.nodes.iter().filter(|n| !inside(n)) {
        let _ = writeln!(out, "    {}", mermaid_node(n));
    }
    if let Some(title) = boundary {
        let _ = writeln!(out, "    subgraph aws[\"{}\"]", mermaid_text(title));
        for n in g.nodes.iter().filter(|n| inside(n)) {
            let _ = writeln!(out, "        {}", mermaid_node(n));
        }
        let _ = writeln!(out, "    end");
        let _ = writeln!(
            out,
            "    style aws fill:#ffffff,stroke:#64748b,stroke-dasharray:6 4,color:{}",
            palette::MUTED
        );
    }
    for e in &g.edges {
        let (from, to) = (&g.nodes[e.from].key, &g.nodes[e.to].key);
        let arrow = if e.dashed { "-.->" } else { "-->" };
        match &e.label {
            Some(l) => {
                let _ = writeln!(out, "    {from} {arrow}|\"{}\"| {to}", mermaid_text(l));
            }
            None => {
                let _ = writeln!(out, "    {from} {arrow} {to}");
            }
        }
    }
    // One class per look, so GitHub's renderer colours the boxes like the HTML report.
    let mut classes: Vec<(String, (&str, &str), Vec<&str>)> = Vec::new();
    for n in &g.nodes {
        let name = match n.shape {
            Shape::Leaf if n.excluded => "excluded".to_owned(),
            Shape::Instead => "instead".to_owned(),
            Shape::Question if n.marked => "taken".to_owned(),
            Shape::Leaf if n.marked => "taken".to_owned(),
            Shape::Question => "question".to_owned(),
            Shape::Leaf => "leaf".to_owned(),
            Shape::Component(role) => role.as_str().to_owned(),
        };
        match classes.iter_mut().find(|c| c.0 == name) {
            Some(c) => c.2.push(&n.key),
            None => classes.push((name, node_colors(n), vec![&n.key])),
        }
    }
    for (name, (fill, stroke), keys) in &classes {
        let width = if matches!(name.as_str(), "taken" | "compute" | "excluded" | "instead") {
            "3px"
        } else {
            "1px"
        };
        let dash = if name == "excluded" {
            ",stroke-dasharray:6 4"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    classDef {name} fill:{fill},stroke:{stroke},stroke-width:{width}{dash},color:{}",
            palette::TEXT
        );
        let _ = writeln!(out, "    class {} {name}", keys.join(","));
    }
    let marked: Vec<String> = g
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.marked)
        .map(|(i, _)| i.to_string())
        .collect();
    if !marked.is_empty() {
        let _ = writeln!(
            out,
            "    linkStyle {} stroke:{},stroke-width:3px",
            marked.join(","),
            palette::MARK
        );
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Layouts
// ---------------------------------------------------------------------------------------------

/// A node's place in a grid: `col` may be negative (tree) and `row` is the depth or the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub col: i32,
    pub row: usize,
}

/// Where each subtree sits, relative to its root, with its leftmost and rightmost column per depth.
struct Subtree {
    cells: Vec<(usize, i32, usize)>,
    contour: Vec<(i32, i32)>,
}

impl Subtree {
    fn shift(&mut self, dx: i32) {
        for c in &mut self.cells {
            c.1 += dx;
        }
        for c in &mut self.contour {
            c.0 += dx;
            c.1 += dx;
        }
    }
}

fn size(g: &Graph, i: usize, seen: &mut [bool]) -> usize {
    if seen[i] {
        return 0;
    }
    seen[i] = true;
    let kids: Vec<usize> = g.children(i).collect();
    1 + kids.into_iter().map(|c| size(g, c, seen)).sum::<usize>()
}

fn subtree(g: &Graph, i: usize, placed: &mut [bool]) -> Subtree {
    placed[i] = true;
    let kids: Vec<usize> = g.children(i).filter(|&c| !placed[c]).collect();
    // Claim the children first, so a node reachable twice is drawn under the first parent only.
    let mut mine = Vec::new();
    for &c in &kids {
        if !placed[c] {
            placed[c] = true;
            mine.push(c);
        }
    }
    let subtrees: Vec<Subtree> = mine
        .iter()
        .map(|&c| {
            placed[c] = false;
            subtree(g, c, placed)
        })
        .collect();
    let mut me = Subtree {
        cells: vec![(i, 0, 0)],
        contour: vec![(0, 0)],
    };
    if subtrees.is_empty() {
        return me;
    }
    // The largest child (the last of equals) goes straight below; the others keep their branch
    // order to its left and right, each pushed out just far enough to clear what is placed.
    let sizes: Vec<usize> = mine
        .iter()
        .map(|&c| size(g, c, &mut vec![false; g.nodes.len()]))
        .collect();
    let heavy = sizes
        .iter()
        .enumerate()
        .max_by_key(|(_, s)| **s)
        .map_or(0, |(k, _)| k);
    let mut subtrees: Vec<Option<Subtree>> = subtrees.into_iter().map(Some).collect();
    let mut below = subtrees[heavy].take().unwrap_or(Subtree {
        cells: Vec::new(),
        contour: Vec::new(),
    });
    let mut placed_cells = std::mem::take(&mut below.cells);
    let mut contour = std::mem::take(&mut below.contour);
    let merge = |contour: &mut Vec<(i32, i32)>, other: &[(i32, i32)]| {
        for (d, &(lo, hi)) in other.iter().enumerate() {
            match contour.get_mut(d) {
                Some(c) => *c = (c.0.min(lo), c.1.max(hi)),
                None => contour.push((lo, hi)),
            }
        }
    };
    for slot in subtrees.iter_mut().skip(heavy + 1) {
        if let Some(mut t) = slot.take() {
            let dx = t
                .contour
                .iter()
                .zip(&contour)
                .map(|(new, old)| old.1 - new.0 + 1)
                .max()
                .unwrap_or(0);
            t.shift(dx);
            merge(&mut contour, &t.contour);
            placed_cells.append(&mut t.cells);
        }
    }
    for slot in subtrees[..heavy].iter_mut().rev() {
        if let Some(mut t) = slot.take() {
            let dx = t
                .contour
                .iter()
                .zip(&contour)
                .map(|(new, old)| old.0 - new.1 - 1)
                .min()
                .unwrap_or(0);
            t.shift(dx);
            merge(&mut contour, &t.contour);
            placed_cells.append(&mut t.cells);
        }
    }
    me.cells
        .extend(placed_cells.into_iter().map(|(n, x, d)| (n, x, d + 1)));
    me.contour.extend(contour);
    me
}

/// A top-down tree from `root`: each node's largest subtree straight below it, the other branches
/// beside it in branch order. Nodes not reachable from `root` get no cell. Columns start at 0.
pub fn tree_layout(g: &Graph, root: usize) -> Vec<Option<Cell>> {
    let mut placed = vec![false; g.nodes.len()];
    let t = subtree(g, root, &mut placed);
    let min = t.cells.iter().map(|c| c.1).min().unwrap_or(0);
    let mut out = vec![None; g.nodes.len()];
    for (n, x, d) in t.cells {
        out[n] = Some(Cell {
            col: x - min,
            row: d,
        });
    }
    out
}

/// Left-to-right layers: a node's column is its longest path from a source; a source sits just
/// before its earliest successor. Within a column, nodes are ordered by their neighbours' rows.
pub fn layer_layout(g: &Graph) -> Layers {
    let n = g.nodes.len();
    let external = |i: usize| matches!(g.nodes[i].shape, Shape::Component(Role::External));
    let longest_paths = |lower: &[i32], upper: &[i32]| {
        let mut col = lower.to_vec();
        // Longest path, then sources moved up to their first successor; repeated until nothing
        // moves. The graph is small and acyclic; the bound only guards against a cycle.
        for _ in 0..=2 * n {
            let mut changed = false;
            for e in &g.edges {
                if col[e.to] < col[e.from] + 1 {
                    col[e.to] = col[e.from] + 1;
                    changed = true;
                }
            }
            for i in 0..n {
                let has_in = g.edges.iter().any(|e| e.to == i);
                let first_out = g
                    .edges
                    .iter()
                    .filter(|e| e.from == i)
                    .map(|e| col[e.to])
                    .min();
                if let (false, Some(c)) = (has_in, first_out) {
                    let late = (c - 1).min(upper[i]).max(lower[i]);
                    if late != col[i] {
                        col[i] = late;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        col
    };
    let mut col = longest_paths(&vec![0; n], &vec![i32::MAX; n]);
    // Boxes outside AWS get columns of their own, so the AWS boundary can be drawn around the rest.
    let outside = (0..n).filter(|&i| external(i)).map(|i| col[i]).max();
    if let Some(last) = outside {
        if (0..n).any(|i| !external(i) && col[i] <= last) {
            let lower: Vec<i32> = (0..n)
                .map(|i| if external(i) { 0 } else { last + 1 })
                .collect();
            let upper: Vec<i32> = (0..n)
                .map(|i| if external(i) { last } else { i32::MAX })
                .collect();
            col = longest_paths(&lower, &upper);
        }
    }
    let min = col.iter().copied().min().unwrap_or(0);
    for c in &mut col {
        *c -= min;
    }
    // An edge that skips columns passes through a waypoint in each column it crosses; waypoints
    // take a row like boxes do, so the edge runs between boxes instead of behind them.
    let mut item_col: Vec<i32> = col.clone();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut vias: Vec<Vec<usize>> = vec![Vec::new(); g.edges.len()];
    for (k, e) in g.edges.iter().enumerate() {
        let mut prev = e.from;
        for c in (col[e.from] + 1)..col[e.to] {
            item_col.push(c);
            preds.push(vec![prev]);
            prev = item_col.len() - 1;
            vias[k].push(prev);
        }
        preds[e.to].push(prev);
    }
    let items = item_col.len();
    let width = col.iter().copied().max().map_or(0, |m| m + 1);
    let mut row = vec![0usize; items];
    // Order each column by the mean row of what leads into it; sources keep their file order.
    let mut rank = vec![0.0f64; items];
    for c in 0..width {
        let mut members: Vec<usize> = (0..items).filter(|&i| item_col[i] == c).collect();
        for &i in &members {
            let before: Vec<f64> = preds[i]
                .iter()
                .filter(|&&p| item_col[p] < c)
                .map(|&p| rank[p])
                .collect();
            rank[i] = if before.is_empty() {
                i as f64 / items as f64
            } else {
                before.iter().sum::<f64>() / before.len() as f64
            };
        }
        members.sort_by(|a, b| rank[*a].total_cmp(&rank[*b]).then(a.cmp(b)));
        for (r, &i) in members.iter().enumerate() {
            row[i] = r;
            rank[i] = r as f64;
        }
    }
    let cell = |i: usize| Cell {
        col: item_col[i],
        row: row[i],
    };
    Layers {
        cells: (0..n).map(cell).collect(),
        vias: vias
            .iter()
            .map(|v| v.iter().map(|&i| cell(i)).collect())
            .collect(),
    }
}

/// A left-to-right layout: each node's cell, and for each edge the cells it passes through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layers {
    pub cells: Vec<Cell>,
    pub vias: Vec<Vec<Cell>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn bundled_chart() -> (Graph, usize) {
        let rules = RuleSet::bundled().unwrap();
        let path = vec![
            (
                "What type of workload?".to_owned(),
                "Long-running service".to_owned(),
            ),
            ("Need full control?".to_owned(), "No (not drawn)".to_owned()),
            ("Need containers?".to_owned(), "Yes".to_owned()),
            ("Complexity?".to_owned(), "Simple API".to_owned()),
            ("App Runner".to_owned(), "Zero config".to_owned()),
        ];
        flowchart(&rules.flowchart, &path)
    }

    #[test]
    fn the_path_is_marked_from_start_to_leaf() {
        let (g, _) = bundled_chart();
        let marked: Vec<&str> = g
            .nodes
            .iter()
            .filter(|n| n.marked)
            .map(|n| n.title.as_str())
            .collect();
        assert_eq!(
            marked,
            [
                "What type of workload?",
                "Need full control?",
                "Need containers?",
                "Complexity?",
                "App Runner"
            ]
        );
        let edges: Vec<&str> = g
            .edges
            .iter()
            .filter(|e| e.marked)
            .filter_map(|e| e.label.as_deref())
            .collect();
        assert_eq!(
            edges,
            [
                "Long-running service",
                "No (not drawn)",
                "Yes",
                "Simple API"
            ]
        );
    }

    #[test]
    fn the_tree_keeps_the_main_line_straight_and_no_two_nodes_share_a_cell() {
        let (g, root) = bundled_chart();
        let cells = tree_layout(&g, root);
        assert!(cells.iter().all(Option::is_some), "every node is placed");
        let cells: Vec<Cell> = cells.into_iter().flatten().collect();
        for (i, a) in cells.iter().enumerate() {
            for b in &cells[i + 1..] {
                assert_ne!(a, b, "two nodes in one cell");
            }
        }
        // Four columns at most for the bundled chart: it reads like a ladder, not a wide fan.
        assert!(cells.iter().map(|c| c.col).max().unwrap() <= 3);
        // Children sit one row below their parent.
        for e in &g.edges {
            assert_eq!(cells[e.to].row, cells[e.from].row + 1);
        }
    }

    #[test]
    fn layers_go_left_to_right_and_sources_sit_next_to_their_target() {
        let mut g = Graph::default();
        let users = g.push("Users".into(), vec![], Shape::Component(Role::External));
        let alb = g.push("ALB".into(), vec![], Shape::Component(Role::Entry));
        let svc = g.push(
            "ECS service".into(),
            vec![],
            Shape::Component(Role::Control),
        );
        let tasks = g.push("Tasks".into(), vec![], Shape::Component(Role::Compute));
        let ecr = g.push("ECR".into(), vec![], Shape::Component(Role::Support));
        for (from, to) in [(users, alb), (alb, tasks), (svc, tasks), (tasks, ecr)] {
            g.edges.push(Edge {
                from,
                to,
                label: None,
                marked: false,
                dashed: false,
            });
        }
        let cells = layer_layout(&g).cells;
        let cols: Vec<i32> = cells.iter().map(|c| c.col).collect();
        assert_eq!(cols, [0, 1, 1, 2, 3]);
        assert_ne!(cells[alb].row, cells[svc].row);
    }

    #[test]
    fn boxes_outside_aws_get_their_own_column() {
        let mut g = Graph::default();
        let work = g.push("Work".into(), vec![], Shape::Component(Role::External));
        let svc = g.push(
            "ECS service".into(),
            vec![],
            Shape::Component(Role::Control),
        );
        let nodes = g.push("Nodes".into(), vec![], Shape::Component(Role::Compute));
        for (from, to) in [(work, nodes), (svc, nodes)] {
            g.edges.push(Edge {
                from,
                to,
                label: None,
                marked: false,
                dashed: false,
            });
        }
        let layers = layer_layout(&g);
        let cols: Vec<i32> = layers.cells.iter().map(|c| c.col).collect();
        assert_eq!(cols, [0, 1, 2]);
        // The work source's edge to the nodes passes column 1 beside the ECS service, not behind it.
        assert_eq!(layers.vias[0].len(), 1);
        assert_eq!(layers.vias[0][0].col, 1);
        assert_ne!(layers.vias[0][0].row, layers.cells[svc].row);
    }

    #[test]
    fn mermaid_labels_cannot_break_out() {
        assert_eq!(
            mermaid_text("a \"b\" <c> | #d & `e`\nf"),
            "a &quot;b&quot; &lt;c&gt; &vert; &num;d &amp; &grave;e&grave; f"
        );
    }
}
