import Testing
@testable import KilnScheduler

@Suite struct MetricSinkLifetimeTests {
    /// A worker with nothing to do creates a sink and stops it at once. The sink's thread must keep it
    /// alive until its loop ends: with an unowned capture this crashed about one `kiln run` in 13 under load,
    /// and this test crashed the test process on each of three tries ("Attempted to read an unowned reference").
    @Test func sinksStoppedAndReleasedBeforeTheirThreadRunsDoNotCrash() {
        let settings = SchedulerSettings(databaseURL: "postgresql://kiln@/unused?host=/nonexistent")
        for _ in 0..<300 {
            MetricSink(settings: settings).stop()
        }
    }
}
