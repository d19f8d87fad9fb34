import Foundation
import KilnAnalysis
import KilnFit
import KilnPostgres
import KilnStore

/// Reads sweeps, runs, metric series and fits from the store into a `ReportModel`.
package struct ReportLoader {
    package let connection: Connection

    package init(connection: Connection) {
        self.connection = connection
    }

    /// The model of the named sweeps, with every run and every metric series.
    package func model(sweeps names: [String], title: String? = nil) throws -> ReportModel {
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
            let series = try MetricStore(connection: connection).series(runIDs: sweepRuns.map(\.id))
            let attempts = try runStore.attempts(sweepID: sweep.id)
            for record in sweepRuns {
                var run = try Self.run(
                    record, sweep: sweep.name, accounting: accounting[record.id], series: series[record.id] ?? [:])
                run.attempts = attempts[record.id] ?? []
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
            scheduleFits += stored.fits
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
