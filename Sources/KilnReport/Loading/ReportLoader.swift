import Foundation
import KilnAnalysis
import KilnFit
import KilnPostgres
import KilnStore
import Logging

/// Reads sweeps, runs, metric series and fits from the store into a `ReportModel`.
package struct ReportLoader {
    package let connection: Connection
    /// Overviews of running runs kept between loads (`kiln serve` keeps one for its lifetime).
    package let cache: OverviewCache
    private let logger = Logger(label: "kiln.report")

    package init(connection: Connection, cache: OverviewCache = OverviewCache()) {
        self.connection = connection
        self.cache = cache
    }

    /// How much of each metric series a model holds.
    package enum SeriesDetail: Sendable {
        /// Every stored point (CSV export).
        case every
        /// What charts draw: the overview of each run's series (`MetricOverview`: at most 400 points, every
        /// extreme and the last point kept), stored for ended runs and kept in `cache` for running ones, and
        /// every point of the series a schedule-law fit is scored on.
        case overview
    }

    /// The model of the named sweeps, with every run and its metric series in `detail`.
    package func model(sweeps names: [String], title: String? = nil, detail: SeriesDetail) throws -> ReportModel {
        let sweepStore = SweepStore(connection: connection)
        let runStore = RunStore(connection: connection)
        var sweeps: [ReportSweep] = [], runs: [ReportRun] = [], records: [RunRecord] = []
        var scheduleFits: [FittedCurve] = [], fitNotes: [String] = [], scaling: ScalingResults?
        var populations: [ReportPopulation] = []
        var mixtureLaws: [MixtureLawResults] = []
        var pruned: [PruneDecision] = []
        let analysis = SweepAnalysis(connection: connection)
        for name in names {
            guard let sweep = try sweepStore.sweep(named: name) else {
                throw ReportError.unknownSweep(name, known: try sweepStore.all().map(\.name))
            }
            sweeps.append(ReportSweep(id: sweep.id, name: sweep.name, description: sweep.description))
            let accounting = try runStore.accounting(sweepID: sweep.id)
            let sweepRuns = try runStore.runs(sweepID: sweep.id)
            let series = try self.series(of: sweepRuns, detail: detail)
            let attempts = try runStore.attempts(sweepID: sweep.id)
            for record in sweepRuns {
                var run = try Self.run(
                    record, sweep: sweep.name, accounting: accounting[record.id],
                    series: series.points[record.id] ?? [:])
                run.attempts = attempts[record.id] ?? []
                run.summarized = series.summarized[record.id] ?? []
                runs.append(run)
            }
            records += sweepRuns
            populations += try self.populations(of: sweep)
            pruned += try EarlyStopStore(connection: connection).decisions(sweepID: sweep.id)
            let saved = try analysis.savedFits(sweep: sweep)
            let stored = StoredScheduleFits(
                sweep: sweep.name, fits: saved, runs: runs.filter { $0.sweep == sweep.name }
            ).scheduleFits()
            mixtureLaws += StoredMixtureFit.results(sweep: sweep.name, fits: saved).map { [$0] } ?? []
            scheduleFits += try withEveryObservedPoint(stored.fits, runs: runs)
            fitNotes += stored.notes
            if let results = try scalingResults(
                sweep, saved: saved, runs: runs.filter { $0.sweep == sweep.name }, analysis: analysis)
            {
                scaling = scaling.map { $0.merged(with: results) } ?? results
            }
        }
        var model = ReportModel(title: title, sweeps: sweeps, runs: runs, scheduleFits: scheduleFits)
        model.fitNotes = fitNotes
        model.prunedRuns = pruned
        model.continualPretraining = ContinualPretrainingDetector(records: records, runs: runs).detect()
        model.scaling = scaling
        model.populations = populations
        model.mixtureLaws = mixtureLaws
        return model
    }

    /// The series of `records` in `detail`, with the metrics held as overviews by run. Ended runs without
    /// overviews (finished before overviews existed, or by a path that did not write them) get them now.
    private func series(of records: [RunRecord], detail: SeriesDetail) throws
        -> (points: [Int64: MetricStore.RunSeries], summarized: [Int64: Set<String>])
    {
        let metrics = MetricStore(connection: connection)
        guard detail == .overview else { return (try metrics.series(runIDs: records.map(\.id)), [:]) }
        let overviewStore = MetricOverviewStore(connection: connection)
        var overviews = try overviewStore.overviews(runIDs: records.map(\.id))
        let missing = records.filter { overviews[$0.id] == nil }
        let ended = missing.filter(\.status.isFinished)
        if !ended.isEmpty {
            let computed = try metrics.series(runIDs: ended.map(\.id)).mapValues { $0.mapValues { MetricOverview($0) } }
            overviews.merge(computed) { _, new in new }
            do {
                try overviewStore.store(computed)
            } catch {
                // The page is whole without them; the next reader tries again.
                logger.warning("storing the overviews of \(ended.count) ended runs failed: \(error)")
            }
        }
        cache.forget(records.filter { overviews[$0.id] != nil }.map(\.id))
        let running = missing.filter { !$0.status.isFinished }.map { (id: $0.id, attempt: $0.attempt) }
        overviews.merge(try cache.overviews(of: running, connection: connection)) { stored, _ in stored }
        var points: [Int64: MetricStore.RunSeries] = [:], summarized: [Int64: Set<String>] = [:]
        for (runID, byName) in overviews {
            points[runID] = byName.mapValues { Array(zip($0.steps, $0.values)).map { (step: $0, value: $1) } }
            summarized[runID] = Set(byName.filter(\.value.isSummary).keys)
        }
        return (points, summarized)
    }

    /// `fits` with every stored point of the observed series where the model holds only an overview, so
    /// the fit's error is measured at every step it predicts.
    private func withEveryObservedPoint(_ fits: [FittedCurve], runs: [ReportRun]) throws -> [FittedCurve] {
        let summarized = Dictionary(runs.map { ($0.id, $0.summarized) }) { first, _ in first }
        return try fits.map { fit in
            guard summarized[fit.runID]?.contains(fit.metric) == true else { return fit }
            var fit = fit
            fit.observed = try MetricStore(connection: connection).series(runID: fit.runID, name: fit.metric).map {
                CurvePoint(step: $0.step, value: $0.value)
            }
            return fit
        }
    }

    /// The saved scaling fits of a scaling sweep (one whose runs carry an `isoflop:` budget, or with a saved
    /// scaling fit) over its inputs as `kiln fit scaling` reads them; `nil` for other sweeps.
    private func scalingResults(
        _ sweep: SweepRecord, saved: [FitRecord], runs: [ReportRun], analysis: SweepAnalysis
    ) throws -> ScalingResults? {
        guard
            runs.contains(where: { $0.params["budget"] != nil })
                || saved.contains(where: { $0.kind.hasPrefix(StoredScalingFits.kindPrefix) })
        else { return nil }
        var inputs: ScalingInputs?, problem: String?
        do {
            inputs = try analysis.scalingInputs(sweep: sweep, metric: StoredScalingFits.metric(of: saved))
        } catch let error as AnalysisError {
            // No run with a validation loss yet: the profiles wait, and the section says why.
            problem = "No IsoFLOP profiles yet: \(error.message)."
        } catch let error as KilnFit.FitError {
            problem = "No IsoFLOP profiles yet: \(error)."
        }
        var results = StoredScalingFits(sweep: sweep.name, fits: saved, inputs: inputs).results()
        results.notes += problem.map { [$0] } ?? []
        return results
    }

    /// The model of single runs (by id or name), for `kiln compare RUN RUN`.
    package func model(runReference reference: String) throws -> ReportModel {
        let record = try RunStore(connection: connection).resolve(reference)
        let sweeps = try SweepStore(connection: connection).all()
        let sweepName = sweeps.first { $0.id == record.sweepID }?.name ?? "sweep \(record.sweepID)"
        let accounting = try RunStore(connection: connection).accounting(sweepID: record.sweepID)
        let series = try MetricStore(connection: connection).series(runIDs: [record.id])
        let run = try Self.run(
            record, sweep: sweepName, accounting: accounting[record.id], series: series[record.id] ?? [:])
        return ReportModel(title: record.name, sweeps: [ReportSweep(id: record.sweepID, name: sweepName)], runs: [run])
    }

    static func run(
        _ record: RunRecord, sweep: String, accounting: RunAccounting?, series: [String: [(step: Int, value: Double)]]
    ) throws -> ReportRun {
        let wallTime = record.startedAt.flatMap { start in record.finishedAt.map { $0 - start } }
        return ReportRun(
            id: record.id, name: record.name, sweep: sweep, stage: record.stage,
            status: record.status,
            params: try ParameterValue.parameters(fromJSON: Data(record.params.utf8)),
            parameterCount: accounting?.parameters.map(Int64.init), tokens: accounting?.tokens.map(Int64.init),
            flops: accounting?.flops, wallTimeSeconds: wallTime, parentRunID: record.parentRunID,
            series: series.mapValues { $0.map { CurvePoint(step: $0.step, value: $0.value) } })
    }
}
