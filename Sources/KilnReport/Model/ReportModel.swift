import KilnStore

/// Everything a report shows, as plain values: sweeps, their runs with metric series, and optional fit results.
///
/// The store's loader fills this in; the renderers (``HTMLReport``, ``CSVExport``) read nothing else.
/// Sections of the HTML report appear only when the model holds their data: scaling results when
/// `scaling` is set, continual pretraining when `continualPretraining` is set, schedule-law fits when
/// `scheduleFits` or `fitNotes` is not empty.
package struct ReportModel: Sendable {
    /// Title at the top of the HTML report; `nil` joins the sweep names.
    package var title: String?
    /// The sweeps the runs belong to (one for `kiln report sweep`, several for `kiln report a b`).
    package var sweeps: [ReportSweep]
    /// Every run, in display order (the summary table's initial order and the colour order of the charts).
    package var runs: [ReportRun]
    /// Scaling-law fit, IsoFLOP profiles and compute-optimal frontier, if the sweep is a scaling grid.
    package var scaling: ScalingResults?
    /// Upstream/downstream losses of a continual-pretraining sweep, if it is one.
    package var continualPretraining: ContinualPretraining?
    /// Loss-curve-law fits: predicted against observed curves, one per (run, law).
    package var scheduleFits: [FittedCurve]
    /// Saved D-CPT fits (`kiln fit mixture`), one per sweep that has one.
    package var mixtureLaws: [MixtureLawResults] = []
    /// Why stored fits are not drawn (e.g. saved without the metric they were fitted on), shown with the fits.
    package var fitNotes: [String] = []
    /// Populations trained by population-based training, with their lineage.
    package var populations: [ReportPopulation] = []
    /// The latest decision of each run an `early_stop:` rule pruned (the "Pruned runs" section).
    package var prunedRuns: [PruneDecision] = []

    /// A model from its parts; only `sweeps` and `runs` are required.
    package init(
        title: String? = nil, sweeps: [ReportSweep], runs: [ReportRun], scaling: ScalingResults? = nil,
        continualPretraining: ContinualPretraining? = nil, scheduleFits: [FittedCurve] = []
    ) {
        self.title = title
        self.sweeps = sweeps
        self.runs = runs
        self.scaling = scaling
        self.continualPretraining = continualPretraining
        self.scheduleFits = scheduleFits
    }

    /// The title shown: `title`, or the sweep names joined with " + ".
    package var displayTitle: String {
        title ?? (sweeps.isEmpty ? "Kiln report" : sweeps.map(\.name).joined(separator: " + "))
    }
}

/// A sweep as the report names it.
package struct ReportSweep: Sendable, Hashable {
    /// Store id (`sweeps.id`).
    package var id: Int64
    /// Unique name (`sweeps.name`).
    package var name: String
    /// Free text from the spec (`sweeps.description`); may be empty.
    package var description: String

    /// A sweep from its store columns.
    package init(id: Int64, name: String, description: String = "") {
        self.id = id
        self.name = name
        self.description = description
    }
}
