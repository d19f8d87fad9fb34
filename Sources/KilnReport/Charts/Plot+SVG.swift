import Foundation

extension Plot {
    /// The axis mappings: x, y (linear when there is a log toggle), and the log y of the toggle.
    func mappings() -> (x: AxisMapping, y: AxisMapping, log: AxisMapping?) {
        let margins = Plot.margins
        let (top, bottom) = (margins.top, height - margins.bottom)
        var xValues: [Double] = []
        var yValues: [Double] = []
        for item in series {
            for point in item.points {
                xValues.append(point.x)
                yValues.append(point.y)
            }
        }
        let xMap = AxisMapping(axis: x, values: xValues, start: margins.left, end: Plot.width - margins.right)
        let cap = y.clipsOutliers ? Self.outlierCap(series) : nil
        let yMap = AxisMapping(
            axis: y, values: yValues, start: bottom, end: top, forceLog: logToggle ? false : nil, cap: cap)
        guard logToggle else { return (xMap, yMap, nil) }
        // The log scale re-maps the linear positions, so it covers the same (possibly clipped) values.
        let logValues = yMap.clipped ? yValues.map { min($0, yMap.high) } : yValues
        return (xMap, yMap, AxisMapping(axis: y, values: logValues, start: bottom, end: top, forceLog: true))
    }

    /// The plot as an `<svg>` element. User strings are escaped with ``HTMLText/escape(_:)``.
    ///
    /// The element carries its axis mappings in data attributes for the report's script (hover values,
    /// log toggle): `data-x="low high start end log"`, `data-y="low high start end"` and, with a log
    /// toggle, `data-ly="low high"` (log10 units). Series paths are `M x,y x,y …` in absolute coordinates.
    func svg() -> String {
        let margins = Plot.margins
        let (left, right) = (margins.left, Plot.width - margins.right)
        let (top, bottom) = (margins.top, height - margins.bottom)
        let (xMap, yMap, logMap) = mappings()

        var out: [UInt8] = []
        out.reserveCapacity(4096 + series.reduce(0) { $0 + $1.points.count * 12 + 64 })
        func write(_ text: String) { out.append(contentsOf: text.utf8) }
        func number(_ value: Double) { NumberFormatting.appendCoordinate(value, to: &out) }

        write(
            "<svg class=\"plot\(dense ? " dense" : "")\" viewBox=\"0 0 \(Int(Plot.width)) \(Int(height))\" role=\"img\""
        )
        write(" data-x=\"\(xMap.low) \(xMap.high) \(left) \(right) \(xMap.isLog ? 1 : 0)\"")
        write(" data-y=\"\(yMap.low) \(yMap.high) \(bottom) \(top)\"")
        if let logMap { write(" data-ly=\"\(logMap.low) \(logMap.high)\"") }
        write(" aria-label=\"\(HTMLText.escape(y.label)) against \(HTMLText.escape(x.label))\">")
        write("<rect class=\"frame\" x=\"\(left)\" y=\"\(top)\" width=\"\(right - left)\" height=\"\(bottom - top)\"/>")

        // x ticks and grid.
        write("<g class=\"xt\">")
        let xTicks: [(Double, String)] =
            x.categories.map { names in names.enumerated().map { (Double($0.offset), $0.element) } }
            ?? xMap.tickValues().map { ($0, Self.tickLabel($0, style: x.ticks)) }
        for (value, label) in xTicks {
            let position = xMap.position(value)
            write("<path d=\"M")
            number(position)
            write(",\(top)V\(bottom)\"/><text x=\"")
            number(position)
            write("\" y=\"\(bottom + 16)\">\(HTMLText.escape(label))</text>")
        }
        write("</g>")
        writeYTicks(yMap, className: logToggle ? "yt lin" : "yt", into: &out, left: left, right: right)
        if let logMap { writeYTicks(logMap, className: "yt log", into: &out, left: left, right: right) }
        write("<text class=\"xl\" x=\"\((left + right) / 2)\" y=\"\(height - 6)\">\(HTMLText.escape(x.label))</text>")
        write("<text class=\"yl\" transform=\"translate(14 \((top + bottom) / 2)) rotate(-90)\">")
        write("\(HTMLText.escape(y.label))</text>")

        // Series.
        write("<g class=\"data\">")
        for item in series {
            let labelAttribute = item.label.map { " data-label=\"\(HTMLText.escape($0))\"" } ?? ""
            let color = "c\(((item.color % 10) + 10) % 10)"
            switch item.style {
            case .line, .dashed:
                let finite = item.points.filter { $0.x.isFinite && $0.y.isFinite }
                guard !finite.isEmpty else { continue }
                write("<path class=\"\(color)\(item.style == .dashed ? " dash" : "")\" data-key=\"\(item.key)\"")
                write("\(labelAttribute) d=\"M")
                for (index, point) in finite.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: " ")) }
                    number(xMap.position(point.x))
                    out.append(UInt8(ascii: ","))
                    number(yMap.position(point.y))
                }
                write("\"/>")
            case .markers, .highlight:
                let radius = item.style == .highlight ? "6" : "3.5"
                let extra = item.style == .highlight ? " hl" : ""
                for point in item.points where point.x.isFinite && point.y.isFinite {
                    write("<circle class=\"\(color)\(extra)\" data-key=\"\(item.key)\"\(labelAttribute) cx=\"")
                    number(xMap.position(point.x))
                    write("\" cy=\"")
                    number(yMap.position(point.y))
                    write("\" r=\"\(radius)\"/>")
                }
            }
        }
        write("</g></svg>")
        return String(decoding: out, as: UTF8.self)
    }

    /// The top of a y axis that keeps healthy loss curves whole and cuts off divergences: 1.25 × the
    /// largest first value of any series (a loss starts at its highest; rewarming raises it by less).
    static func outlierCap(_ series: [PlotSeries]) -> Double? {
        let starts = series.compactMap { $0.points.first { $0.y.isFinite }?.y }
        guard let highest = starts.max(), highest > 0 else { return nil }
        return 1.25 * highest
    }

    private func writeYTicks(
        _ map: AxisMapping, className: String, into out: inout [UInt8], left: Double, right: Double
    ) {
        out.append(contentsOf: "<g class=\"\(className)\">".utf8)
        for value in map.tickValues() {
            var position: [UInt8] = []
            NumberFormatting.appendCoordinate(map.position(value), to: &position)
            let y = String(decoding: position, as: UTF8.self)
            let label = HTMLText.escape(Self.tickLabel(value, style: self.y.ticks))
            out.append(contentsOf: "<path d=\"M\(left),\(y)H\(right)\"/>".utf8)
            out.append(contentsOf: "<text x=\"\(left - 6)\" y=\"\(y)\">\(label)</text>".utf8)
        }
        out.append(contentsOf: "</g>".utf8)
    }

    /// A tick value as text: SI counts (`20K`) or three significant digits.
    static func tickLabel(_ value: Double, style: Axis.TickStyle) -> String {
        switch style {
        case .count: NumberFormatting.count(value)
        case .general: NumberFormatting.significant(value, digits: 3)
        }
    }
}
