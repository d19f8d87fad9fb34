/// What `partials/dcpt.mustache` reads: the D-CPT section of one sweep. Names are prefixed `law` so that none
/// resolves in an enclosing context.
struct MixtureLawSection {
    var lawSectionID: String
    var lawHeading: String
    var lawFormula: String
    var lawNotes: [String]
    var lawParameters: DataTable
    var lawChoice: String?
    var lawPredictions: DataTable?
    var lawPredictionSummary: String?

    var link: NavLink { NavLink(anchor: lawSectionID, label: lawHeading) }

    /// The section of `results`, the `position`-th D-CPT section of the page (0-based, for a unique id).
    init(_ results: MixtureLawResults, position: Int) {
        func value(_ v: Double?, _ interval: (Double, Double)?) -> Cell {
            .number(v) { v in
                NumberFormatting.significant(v)
                    + (interval.map {
                        " [\(NumberFormatting.significant($0.0)), \(NumberFormatting.significant($0.1))]"
                    }
                        ?? "")
            }
        }
        lawSectionID = position == 0 ? "dcpt" : "dcpt-\(position + 1)"
        lawHeading = "D-CPT law · \(results.sweep)"
        lawFormula =
            "L(N, D, r) = E + A/N^α + B·r^η/D^β + C/(r + ε)^γ (Que et al. 2024), fitted by kiln fit mixture to the "
            + "domain loss at the domain ratio r and to the general loss at 1 − r"
            + (results.epsilon.map { ", ε = \(NumberFormatting.significant($0))" } ?? "")
            + (results.dataCount.map { "; \($0) runs fitted" } ?? "") + "."
        var notes = results.metrics.map { ["Losses (general, domain): \($0)."] } ?? []
        notes += results.warnings.map { "Warning: \($0)." }
        lawNotes = notes
        lawParameters = DataTable(
            caption: "Fitted values with 95% bootstrap intervals", sortable: false,
            headers: [
                HeaderCell(label: "parameter"), HeaderCell(label: "general loss", numeric: true),
                HeaderCell(label: "domain loss", numeric: true),
            ],
            rows: results.parameters.map {
                TableRow(cells: [
                    Cell(text: $0.name), value($0.general, $0.generalInterval), value($0.domain, $0.domainInterval),
                ])
            })
        lawChoice = results.bestRatio.map { r in
            "Best domain ratio r* = \(NumberFormatting.significant(r, digits: 3))"
                + (results.bestRatioInterval.map {
                    " [\(NumberFormatting.significant($0.0, digits: 3)), \(NumberFormatting.significant($0.1, digits: 3))]"
                } ?? "") + (results.optimum.map { " " + $0 } ?? "") + "."
        }
        let predictions = results.predictions
        func error(_ predicted: Double, _ observed: Double) -> Cell {
            .number(abs(predicted - observed) / observed) { NumberFormatting.significant($0 * 100, digits: 3) + "%" }
        }
        lawPredictions =
            predictions.isEmpty
            ? nil
            : DataTable(
                caption: "Held-out ratios: predicted against observed", sortable: true,
                headers: [
                    "N", "D", "r", "general obs.", "general pred.", "error", "domain obs.", "domain pred.", "error",
                ]
                .map { HeaderCell(label: $0, numeric: true) },
                rows: predictions.map { p in
                    TableRow(cells: [
                        .number(p.params, display: NumberFormatting.count),
                        .number(p.tokens, display: NumberFormatting.count),
                        .number(p.ratio) { NumberFormatting.significant($0, digits: 3) },
                        .number(p.generalObserved) { NumberFormatting.significant($0) },
                        .number(p.generalPredicted) { NumberFormatting.significant($0) },
                        error(p.generalPredicted, p.generalObserved),
                        .number(p.domainObserved) { NumberFormatting.significant($0) },
                        .number(p.domainPredicted) { NumberFormatting.significant($0) },
                        error(p.domainPredicted, p.domainObserved),
                    ])
                })
        lawPredictionSummary =
            predictions.isEmpty
            ? (results.bestRatio == nil ? nil : "No ratio was held out; kiln fit mixture --hold-out r=… predicts some.")
            : {
                let count = Double(predictions.count)
                let g = predictions.map { abs($0.generalPredicted - $0.generalObserved) / $0.generalObserved }
                let d = predictions.map { abs($0.domainPredicted - $0.domainObserved) / $0.domainObserved }
                return "Mean prediction error over \(predictions.count) held-out runs: general "
                    + NumberFormatting.significant(g.reduce(0, +) / count * 100, digits: 3) + "%, domain "
                    + NumberFormatting.significant(d.reduce(0, +) / count * 100, digits: 3) + "%."
            }()
    }
}
