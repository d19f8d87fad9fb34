import Foundation
import Testing
@testable import KilnSpec

@Suite struct SweepFilesTests {
    /// The repository's `sweeps/` folder, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sweeps")

    static let files = [
        "quickstart", "lr-schedules", "rewarm", "scaling", "wsd-branching", "domain-upsampling", "norm-placement",
        "growth",
    ]

    func load(_ name: String) throws -> SweepPlan {
        try SweepPlan(spec: SweepSpec(contentsOf: Self.folder.appendingPathComponent("\(name).yaml").path))
    }

    @Test("every example sweep plans without error", arguments: files)
    func plans(name: String) throws {
        let plan = try load(name)
        #expect(!plan.runs.isEmpty)
        #expect(plan.notes.isEmpty)
        #expect(plan.name == name)
    }

    @Test("the example sweeps have the promised shapes")
    func counts() throws {
        let quick = try load("quickstart")
        #expect((3...4).contains(quick.runs.count))
        #expect(quick.runs.allSatisfy { $0.compute.parameters < 200_000 && $0.steps <= 1500 })
        #expect(try load("lr-schedules").runs.count == 18)
        let rewarm = try load("rewarm")
        #expect(rewarm.runs.filter { $0.stage == "cpt" }.count == 12)
        #expect(rewarm.runs.filter { $0.parent != nil }.count == 13)
        let scaling = try load("scaling")
        #expect(scaling.runs.count == 28)
        #expect(Set(scaling.runs.compactMap { $0.params["budget"] }).count == 4)
        let branching = try load("wsd-branching")
        #expect(branching.runs.compactMap { $0.parent?.step } == [300, 600, 900])
        // Each cooldown branch has a cosine reference run of the same length.
        #expect(
            branching.runs.filter { $0.stage == "cosine" }.map(\.steps)
                == branching.runs.filter { $0.stage == "cooldown" }.map(\.steps))
    }

    @Test("the table, CSV and JSON outputs hold every run")
    func outputs() throws {
        let plan = try load("wsd-branching")
        let formatter = PlanFormatter(plan: plan, gflops: 2)
        let table = formatter.table()
        #expect(plan.runs.allSatisfy { table.contains($0.id) })
        #expect(table.contains("at 2 GFLOP/s"))
        let csv = formatter.csv().split(separator: "\n")
        #expect(csv.count == plan.runs.count + 1)
        #expect(
            csv[0].hasPrefix("id,stage,parent,parent_step,parameters,compute_parameters,tokens,flops,steps,config_hash")
        )
        let json = try JSONSerialization.jsonObject(with: Data(try formatter.json().utf8)) as? [String: Any]
        #expect((json?["runs"] as? [Any])?.count == plan.runs.count)
        #expect(abs((json?["estimated_seconds"] as? Double ?? 0) - plan.totalFLOPs / 2e9) < 1e-6)
    }

    @Test("a plan's runs survive a JSON round trip")
    func roundTrip() throws {
        let plan = try load("rewarm")
        let decoded = try JSONDecoder().decode(SweepPlan.self, from: JSONEncoder().encode(plan))
        #expect(decoded.runs == plan.runs)
    }
}
