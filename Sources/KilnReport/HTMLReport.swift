import KilnStore

/// Renders a ``ReportModel`` as one self-contained HTML file: inline CSS, inline SVG charts and a little
/// inline JavaScript (sorting, hover values, series toggling, log scale); it loads nothing when opened.
package enum HTMLReport {
    /// The report of one model (one or more sweeps): summary, curves, finals against parameters, and the
    /// scaling, continual-pretraining, model-growth and schedule-fit sections when the model has their data.
    /// `serve` is `kiln serve`'s context for the `serve/top` and `serve/bottom` partials (links, actions, the
    /// live-update script); `nil` for a static report.
    package static func render(_ model: ReportModel, serve: Any? = nil) throws -> String {
        let templates = try TemplateSet.shipped.get()
        let sections = [
            ReportSections.summary(model), ReportSections.curves(model), ReportSections.finals(model),
            ReportSections.scaling(model), ReportSections.continualPretraining(model),
            ReportSections.growth(model), ReportSections.scheduleFits(model), ReportSections.pruned(model),
            ReportSections.populations(model), ReportSections.otherMetrics(model),
            ReportSections.provenance(model),
        ].compactMap { $0 }
        let mixtureLaws = model.mixtureLaws.enumerated().map { MixtureLawSection($1, position: $0) }
        let page = Page(
            title: model.displayTitle, subtitle: subtitle(model.runs, sweeps: model.sweeps.count),
            sweeps: model.sweeps.map {
                SweepLine(name: $0.name, description: $0.description.isEmpty ? nil : $0.description)
            },
            nav: sections.map(\.link) + mixtureLaws.map(\.link), sections: sections, mixtureLaws: mixtureLaws,
            stylesheet: templates.stylesheet, script: templates.script, serve: serve)
        return try templates.render(page, template: "report")
    }

    /// A page with the report's layout, stylesheet and script but no report sections: `kiln serve`'s own
    /// pages (home, compare picker), whose content is `serve` rendered by the `serve/top` partial.
    package static func renderPage(title: String, subtitle: String, serve: Any) throws -> String {
        let templates = try TemplateSet.shipped.get()
        let page = Page(
            title: title, subtitle: subtitle, sweeps: [], nav: [], sections: [], stylesheet: templates.stylesheet,
            script: templates.script, serve: serve)
        return try templates.render(page, template: "report")
    }

    /// Two sweeps or two runs side by side: their curves overlaid (A solid, B dashed) and the differences
    /// of their final metrics. `a` and `b` are models of one side each (a sweep, or a single run).
    package static func renderComparison(_ a: ReportModel, _ b: ReportModel) throws -> String {
        let templates = try TemplateSet.shipped.get()
        let comparison = Comparison(a: a, b: b)
        let sections = [comparison.differences(), comparison.matchedRuns(), comparison.curves()].compactMap { $0 }
        let page = Page(
            title: "\(comparison.labelA) vs \(comparison.labelB)",
            subtitle: "A: " + subtitle(a.runs, sweeps: a.sweeps.count) + " · B: "
                + subtitle(b.runs, sweeps: b.sweeps.count),
            sweeps: (a.sweeps + b.sweeps).map {
                SweepLine(name: $0.name, description: $0.description.isEmpty ? nil : $0.description)
            },
            nav: sections.map(\.link), sections: sections, stylesheet: templates.stylesheet, script: templates.script)
        return try templates.render(page, template: "report")
    }

    /// "2 sweeps · 12 runs: 10 succeeded, 2 failed".
    static func subtitle(_ runs: [ReportRun], sweeps: Int) -> String {
        let counts = RunStatus.allCases.compactMap { status -> String? in
            let count = runs.count { $0.status == status }
            return count > 0 ? "\(count) \(status.rawValue)" : nil
        }
        let head = "\(sweeps) sweep\(sweeps == 1 ? "" : "s") · \(runs.count) run\(runs.count == 1 ? "" : "s")"
        return counts.isEmpty ? head : head + ": " + counts.joined(separator: ", ")
    }
}
