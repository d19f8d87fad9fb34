import KilnPostgres
import KilnScheduler
import KilnStore

/// The actions of the pages, through the store's own controls (as `kiln cancel` and `kiln retry` do).
enum ServeActions {
    /// Cancels the pending and running runs of sweep `id` and its Slurm jobs; returns what happened.
    static func cancelSweep(id: Int64, connection: Connection) throws -> String {
        let (count, _) = try SweepCancellation.cancel(sweepID: id, connection: connection)
        return "cancelling \(count) run\(count == 1 ? "" : "s")"
    }

    /// Cancels run `id` unless it has finished; returns its sweep and what happened.
    static func cancelRun(id: Int64, connection: Connection) throws -> (sweepID: Int64, message: String)? {
        guard let run = try RunStore(connection: connection).run(id: id) else { return nil }
        guard !run.status.isFinished else { return (run.sweepID, "run \(run.name) already \(run.status.rawValue)") }
        try RunStore(connection: connection).cancel(sweepID: run.sweepID, runID: run.id)
        return (run.sweepID, "cancelling run \(run.name)")
    }

    /// Puts the failed runs of sweep `id` back in the queue (with the runs cancelled because of them).
    static func retrySweep(id: Int64, connection: Connection) throws -> String {
        let requeued = try RunStore(connection: connection).retry(sweepID: id, statuses: [.failed])
        return "re-queued \(requeued.count) run\(requeued.count == 1 ? "" : "s")"
    }

    /// Puts run `id` back in the queue if it failed, was cancelled or was pruned (it continues from its checkpoint).
    static func retryRun(id: Int64, connection: Connection) throws -> (sweepID: Int64, message: String)? {
        guard let run = try RunStore(connection: connection).run(id: id) else { return nil }
        let requeued = try RunStore(connection: connection).retry(
            sweepID: run.sweepID, runID: run.id, statuses: [.failed, .cancelled, .pruned])
        return (
            run.sweepID, requeued.isEmpty ? "run \(run.name) is \(run.status.rawValue)" : "re-queued run \(run.name)"
        )
    }
}
