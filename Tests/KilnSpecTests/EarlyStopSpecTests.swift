import Foundation
import KilnProtocol
import Testing
@testable import KilnSpec

/// `early_stop:` in a spec: parsed into the plan (stored with the sweep), every mistake at its file:line:col.
@Suite struct EarlyStopSpecTests {
    @Test func defaultsAndEveryKeyReachThePlan() throws {
        #expect(try plan(tinyBase).earlyStop == nil)
        #expect(try plan(tinyBase + "early_stop: {}\n").earlyStop == EarlyStopSettings())
        let settings = try #require(
            try plan(
                tinyBase
                    + "early_stop: {law: multipower, metric: val/prose/loss, first_check: 0.4, interval: 25, "
                    + "margin: 0.02, confidence: 0.95, min_runs: 4, bootstrap: 30}\n"
            ).earlyStop)
        #expect(settings.law == .multipower && settings.metric == "val/prose/loss" && settings.firstCheck == 0.4)
        #expect(settings.interval == .steps(25) && settings.margin == 0.02 && settings.confidence == 0.95)
        #expect(settings.minRuns == 4 && settings.bootstrap == 30)
        #expect(try plan(tinyBase + "early_stop: {interval: 0.2}\n").earlyStop?.interval == .fraction(0.2))
    }

    @Test func theStoredJSONReadsBackTheSame() throws {
        let settings = try #require(try plan(tinyBase + "early_stop: {law: multipower, interval: 40}\n").earlyStop)
        let decoded = try JSONDecoder().decode(EarlyStopSettings.self, from: JSONEncoder().encode(settings))
        #expect(decoded == settings)
    }

    @Test func mistakesNameTheirPlace() throws {
        let line = tinyBase.split(separator: "\n", omittingEmptySubsequences: false).count
        let cases: [(String, String)] = [
            (
                "early_stop: {law: anealing}",
                "'anealing' is not a law (annealing or multipower); did you mean 'annealing'?"
            ),
            ("early_stop: {first_check: 1.5}", "invalid value for 'early_stop.first_check': must be between 0 and 1"),
            ("early_stop: {interval: -3}", "a number of steps (1 or more) or a fraction"),
            ("early_stop: {margin: -0.1}", "a relative margin"),
            ("early_stop: {confidence: 0.3}", "must be at least 0.5"),
            ("early_stop: {min_runs: 1}", "must be at least 2"),
            ("early_stop: {bootstrap: 5}", "must be from 10 to 1000"),
            ("early_stop: {margn: 0.1}", "did you mean 'margin'?"),
            ("early_stop: 3", "should be a mapping"),
        ]
        for (text, message) in cases {
            let error = try #require(planError(tinyBase + text + "\n"), "\(text)")
            #expect(error.description.hasPrefix("test.yaml:\(line):"), "\(error)")
            #expect(error.description.contains(message), "\(text): \(error)")
        }
    }
}
