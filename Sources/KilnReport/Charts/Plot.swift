/// A chart Kiln draws as inline SVG: axes with ticks, labels, and series of lines or markers.
///
/// Every string in a plot (labels, category names, series labels) may come from a user and is
/// escaped when the SVG is written; series keys and colour indices are Kiln's own.
struct Plot {
    /// Horizontal axis.
    var x: Axis
    /// Vertical axis.
    var y: Axis
    /// The series, drawn in order (later on top).
    var series: [PlotSeries]
    /// Height of the drawing in SVG units (the width is always `Plot.width`).
    var height: Double = 300
    /// Whether the reader can switch the y axis to a log scale (the SVG carries both tick sets).
    var logToggle = false
    /// Whether lines are drawn faint because there are many of them (class `dense` on the SVG).
    var dense: Bool { series.count > 40 }

    /// Width of every plot in SVG units, so stacked plots share their x axes.
    static let width = 960.0
    /// Space around the plotting area: left, right, top, bottom.
    static let margins = (left: 72.0, right: 16.0, top: 10.0, bottom: 44.0)
}

/// One axis of a plot.
struct Axis {
    /// How data values map to positions.
    enum Scale { case linear, log }
    /// How tick values are written.
    enum TickStyle { case general, count }

    /// Axis title (may be a user's metric or parameter name).
    var label: String
    /// Linear or logarithmic (base 10).
    var scale: Scale = .linear
    /// Tick label style.
    var ticks: TickStyle = .general
    /// Names of categories at x = 0, 1, 2, … (a categorical axis); `nil` for a numeric axis.
    var categories: [String]? = nil
    /// Whether the domain gets a margin of 4% on both sides (markers) or is tight (curves over steps).
    var padded = true
    /// A fixed domain in data units (linear axes only), so stacked plots share their x axis; `nil` fits the data.
    var domain: (low: Double, high: Double)? = nil
    /// Whether the upper end ignores divergences (see ``Plot/outlierCap(_:)``): for losses, which start at
    /// their highest. Higher values are drawn at the top edge.
    var clipsOutliers = false
}

/// A series of a plot: a line, a dashed line or markers, in one palette colour.
struct PlotSeries {
    /// How a series is drawn.
    enum Style { case line, dashed, markers, highlight }

    /// Kiln-generated key shared by all elements of one run or group (`r42`, `a`, `b`); legend buttons toggle it.
    var key: String
    /// Palette colour index (0–9, taken modulo 10).
    var color: Int
    /// Label shown on hover; `nil` to take it from the legend button with the same key.
    var label: String? = nil
    /// Drawing style.
    var style: Style = .line
    /// The points in data units, sorted by x for lines.
    var points: [PlotPoint]
}
