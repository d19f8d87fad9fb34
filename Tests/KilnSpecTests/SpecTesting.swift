import Foundation
import Testing
@testable import KilnSpec

/// Plans a spec written inline; messages name the file `test.yaml`.
func plan(_ yaml: String) throws -> SweepPlan {
    try SweepPlan(spec: SweepSpec(text: yaml, file: "test.yaml"))
}

/// The error planning `yaml` raises, or nil.
func planError(_ yaml: String) -> SpecError? {
    do {
        _ = try plan(yaml)
        return nil
    } catch let error as SpecError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

/// The error planning a fixture file raises, or nil.
func fixtureError(_ name: String) throws -> SpecError? {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Fixtures"))
    do throws(SpecError) {
        _ = try SweepPlan(spec: SweepSpec(contentsOf: url.path))
        return nil
    } catch {
        return error
    }
}

/// A small valid model and data block, to which tests append their constructs.
let tinyBase = """
    name: t
    base:
      layers: 2
      width: 64
      heads: 2
      context: 64
      batch: 16
      steps: 100
      lr: 0.001
    data: prose
    schedule: {kind: constant}

    """

/// The value of parameter `name` in each run, in plan order.
func values(_ plan: SweepPlan, _ name: String) -> [ParamValue?] {
    plan.runs.map { $0.params[name] }
}
