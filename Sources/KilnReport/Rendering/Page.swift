import Mustache

/// What the Mustache templates read, by property name. Strings here are user text unless named `svg`,
/// `stylesheet` or `script` (Kiln's own markup, inserted with `{{{…}}}`); everything else goes through `{{…}}`.
///
/// Property names are distinct across nesting levels on purpose: Mustache looks a missing (nil) name up
/// in the enclosing contexts.
struct Page {
    /// Document title and heading.
    var title: String
    /// One line under the heading: counts of sweeps, runs and statuses.
    var subtitle: String
    /// The sweeps shown, with descriptions.
    var sweeps: [SweepLine]
    /// Links to the sections present.
    var nav: [NavLink]
    /// The sections present, in order.
    var sections: [Section]
    /// The D-CPT sections (`partials/dcpt`), after `sections`.
    var mixtureLaws: [MixtureLawSection] = []
    /// Inline CSS (Kiln's file).
    var stylesheet: String
    /// Inline JavaScript (Kiln's file).
    var script: String
    /// `kiln serve`'s additions (navigation, actions, live updates), rendered by `serve/top` and `serve/bottom`;
    /// `nil` in a static report.
    var serve: Any? = nil
}

/// A sweep's name and description in the page header.
struct SweepLine {
    var name: String
    var description: String?
}

/// An in-page link to a section.
struct NavLink {
    var anchor: String
    var label: String
}

/// A section of the report: `<section id="…">` with a heading and a list of blocks.
struct Section {
    /// Element id, also the test's handle: `summary`, `curves`, `metrics`, `finals`, `scaling`, `cpt`, `fits`, `pruned`,
    /// `population`, `diff`.
    var id: String
    /// Heading.
    var heading: String
    /// Content in order.
    var blocks: [Block]

    var link: NavLink { NavLink(anchor: id, label: heading) }
}

/// One block of a section: exactly one of its properties is set.
struct Block {
    var paragraph: String? = nil
    var legend: Legend? = nil
    var table: DataTable? = nil
    var figure: Figure? = nil
    var pruned: PrunedBlock? = nil
    var population: LineageList? = nil
}

/// A population's best member traced back through the segments its weights went through
/// (`partials/population`).
struct LineageList {
    var heading: String
    var steps: [LineageStep]
}

/// One segment of a lineage: which generation and steps, and what happened.
struct LineageStep {
    var segment: String
    var story: String
}

/// A chart with its caption, optional legend, and log-scale switch.
struct Figure {
    var caption: String
    /// Kiln-generated SVG (user strings inside escaped by `HTMLText`).
    var svg: String
    var logToggle: Bool = false
    /// A legend local to this figure (its buttons toggle series in this figure only).
    var keys: Legend? = nil
    var note: String? = nil
}

/// Legend buttons; each toggles the elements carrying its `data-key`.
struct Legend {
    var items: [LegendItem]
    /// Whether "all"/"none" buttons are shown (for long run lists).
    var bulk: Bool = false
}

/// A legend button: colour swatch and label.
struct LegendItem {
    var key: String
    var color: String
    var label: String
    var dashed: Bool = false
}

/// A table; sortable tables sort by clicking a header (numbers by `data-sort`).
struct DataTable {
    var tableID: String? = nil
    var caption: String? = nil
    var sortable: Bool = false
    var headers: [HeaderCell]
    var rows: [TableRow]
}

/// A column header; numeric columns sort numerically and align right.
struct HeaderCell {
    var label: String
    var numeric: Bool = false
}

/// A table row.
struct TableRow {
    var cells: [Cell]
}

/// A table cell: text, an optional numeric sort key, and an optional colour swatch (a palette class).
struct Cell {
    var text: String
    var sort: String? = nil
    var swatch: String? = nil

    /// A numeric cell shown with `display` and sorted by `value`; empty when `value` is nil.
    static func number(_ value: Double?, display: (Double) -> String) -> Cell {
        guard let value else { return Cell(text: "", sort: "") }
        return Cell(text: display(value), sort: "\(value)")
    }
}

// The views a page holds by the thousand (a row and a legend button per run) name their fields for the
// templates directly: Mustache otherwise finds each field by reflection (`Mirror`), which cost most of a
// 1,000-run page's rendering (`kiln bench report`).

extension TableRow: MustacheParent {
    func child(named name: String) -> Any? { name == "cells" ? cells : nil }
}

extension Cell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "sort": sort
        case "swatch": swatch
        default: nil
        }
    }
}

extension LegendItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "color": color
        case "label": label
        case "dashed": dashed
        default: nil
        }
    }
}
