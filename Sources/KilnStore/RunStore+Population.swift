import KilnPostgres

extension RunStore {
    /// Ends the attempt (`finish`) and, when the run ended for good as a population member's segment,
    /// takes the generation step (`PopulationStore.advance(afterFinishing:)`). Call inside the
    /// transaction that records the run's end, so the next generation is registered with it or not at all.
    @discardableResult
    package func finishAdvancingPopulation(runID: Int64, worker: String, attempt: Int, result: AttemptResult) throws
        -> RunStatus?
    {
        let status = try finish(runID: runID, worker: worker, attempt: attempt, result: result)
        if status == .succeeded || status == .failed {
            try PopulationStore(connection: connection).advance(afterFinishing: runID)
        }
        return status
    }
}
