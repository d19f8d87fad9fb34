import Foundation
import KilnLearningRate
import KilnProtocol
import Testing
@testable import KilnSpec

@Suite struct StageTests {
    let branching = """
        name: branches
        base: {layers: 2, width: 64, heads: 2, context: 64, batch: 8, lr: 0.002}
        data: prose
        stages:
          - name: long
            base: {steps: 1000, checkpoint_every: 250}
            schedule: {kind: constant, warmup_steps: 50}
          - name: cooldown
            from: {stage: long, step: [250, 500], keep_step: true}
            derive: {steps: branch_step + 100}
            schedule: {kind: wsd, warmup_steps: 50, decay_steps: 100, shape: 1-sqrt}
        """

    @Test("WSD branches continue the parent's step counter, with its optimizer, decaying from the branch step")
    func wsdBranches() throws {
        let plan = try plan(branching)
        #expect(plan.stages == ["long", "cooldown"])
        #expect(plan.runs.count == 3)
        let parent = plan.runs[0]
        for (run, step) in zip(plan.runs.dropFirst(), [250, 500]) {
            #expect(run.parent == ParentLink(runID: parent.id, step: step, optimizer: true, keepStep: true))
            #expect(run.steps == step + 100)
            #expect(run.compute.tokens == 100 * 8 * 64)  // only the steps after the branch
            guard case .builtin(let config) = run.trainer, case .wsd(let wsd) = config.schedule else {
                Issue.record("expected a built-in WSD run"); continue
            }
            #expect(wsd.decayStart == step && wsd.total == step + 100)
            #expect(wsd.learningRate(at: step + 99) == 0)
        }
        #expect(plan.runs[1].id.contains("at250"))
    }

    @Test("a keep_step branch whose schedule differs from its parent's before the branch is an error")
    func mismatchedBranch() throws {
        let error = try #require(
            planError(
                branching.replacingOccurrences(
                    of: "{kind: wsd, warmup_steps: 50,", with: "{kind: wsd, warmup_steps: 40,")))
        #expect(error.description.contains("must match its parent's before step 250"))
    }

    @Test("a branch step the parent never checkpoints is an error")
    func missingCheckpoint() throws {
        let error = try #require(planError(branching.replacingOccurrences(of: "step: [250, 500]", with: "step: [300]")))
        #expect(error.description.contains("writes checkpoints every 250 steps; step 300 is not one of them"))
        #expect(error.line == 9 && error.column == 31, "\(error)")
    }

    @Test("CPT: where selects parents; weights only from step 0; rewarm starts at the parent's final LR")
    func continualPretraining() throws {
        let plan = try plan(
            """
            name: cpt
            base: {layers: 2, width: 64, heads: 2, context: 64, batch: 8}
            stages:
              - name: pretrain
                base: {steps: 400}
                data: prose
                schedule: {kind: cosine, floor: 0.1, warmup: 0.05}
                grid: {lr: [0.001, 0.002, 0.004]}
              - name: cpt
                from: {stage: pretrain, where: {lr: [0.002, 0.004]}}
                base: {steps: 200}
                data: {code: 0.95, prose: 0.05}
                schedule: {kind: rewarm, start: parent, warmup: 0.02}
                grid: {lr: [0.003]}
            """)
        let children = plan.runs.filter { $0.stage == "cpt" }
        #expect(children.count == 2)
        #expect(children.map { plan.run($0.parent!.runID)?.params["lr"] } == [.double(0.002), .double(0.004)])
        for child in children {
            let link = try #require(child.parent)
            #expect(link.step == nil && !link.optimizer && !link.keepStep)
            #expect(child.compute.tokens == 200 * 8 * 64)
            guard case .builtin(let config) = child.trainer, case .rewarm(let rewarm) = config.schedule else {
                Issue.record("expected rewarm"); continue
            }
            let parentPeak = try #require(plan.run(link.runID)?.params["lr"]?.number)
            #expect(abs(rewarm.start - 0.1 * parentPeak) < 1e-12)
            #expect(rewarm.peak == 0.003 && rewarm.warmup == 4 && rewarm.total == 200)
            #expect(config.data.mixture.map(\.source) == ["code", "prose"])
            #expect(config.layers == 2)  // inherited from the parent
        }
    }

    @Test("from: naming a later or unknown stage, or matching nothing, is an error")
    func badFrom() throws {
        let unknown = try #require(
            planError(
                """
                name: x
                stages:
                  - {name: a, base: {steps: 1}}
                  - {name: b, from: {stage: aa}}
                """))
        #expect(unknown.description.contains("'aa' is not an earlier stage; did you mean 'a'?"))
        let nothing = try #require(
            planError(
                tinyBase.replacingOccurrences(
                    of: "name: t\n",
                    with: "name: t\nstages:\n  - {name: a}\n  - {name: b, from: {stage: a, where: {lr: 5}}}\n")))
        #expect(nothing.description.contains("no run of stage 'a' matches"))
    }

    @Test("data phases resolve into the trainer's mixture")
    func dataPhases() throws {
        let plan = try plan(
            tinyBase.replacingOccurrences(
                of: "data: prose",
                with: """
                    data:
                      mixture: {prose: 0.8, code: 0.2}
                      phases:
                        - {from: 0.9, mixture: {prose: 0.5, code: 0.5}}
                    eval: {held_out: prose, code: code}
                    """))
        guard case .builtin(let config) = try #require(plan.runs.first).trainer else {
            Issue.record("not built-in"); return
        }
        #expect(config.data.mixture(at: 0, of: 100).map(\.weight) == [0.2, 0.8])
        #expect(config.data.mixture(at: 95, of: 100).map(\.weight) == [0.5, 0.5])
        #expect(config.eval.map(\.name) == ["code", "held_out"])
        #expect(config.outputDir == "")
    }
}
