import Foundation
import KilnProtocol
import Testing

@testable import KilnSpec

@Suite struct GrowthSpecTests {
    static let growth = """
        name: g
        base: {layers: 2, width: 32, heads: 2, context: 32, batch: 4, lr: 0.003}
        data: prose
        schedule: {kind: cosine, floor: 0.1}
        stages:
          - name: small
            base: {steps: 100}
          - name: grown
            from: {stage: small, grow: {depth: 2x, operator: stack}}
            base: {steps: 50}

        """

    @Test("from.grow doubles the parent's layers and records the growth in the run's parameters and init_from")
    func stacked() throws {
        let planned = try plan(Self.growth)
        let (small, grown) = (planned.runs[0], planned.runs[1])
        #expect(grown.params["layers"] == .int(4))
        #expect(
            grown.params["grow"]
                == .object([
                    "operator": .string("stack"), "source_layers": .int(2), "layers": .int(4), "source_step": .int(100),
                ]))
        #expect(grown.parent == ParentLink(runID: small.id, step: nil, optimizer: false, keepStep: false))
        // the grown run's FLOPs are its own training of the deeper model
        #expect(
            grown.compute.flops
                == ModelShape(layers: 4, width: 32, heads: 2, context: 32).trainingFLOPs(tokens: 50 * 4 * 32))
        let absolute = try plan(Self.growth.replacingOccurrences(of: "depth: 2x", with: "depth: 3"))
        #expect(absolute.runs[1].params["layers"] == .int(3))
        guard case .builtin(let config) = grown.trainer else {
            Issue.record("expected a built-in run")
            return
        }
        #expect(config.layers == 4)
    }

    @Test(
        "bad grow values are errors at their place",
        arguments: [
            (
                "depth: 2x, operator: stack", "depth: 1x, operator: stack",
                "test.yaml:9:40: error: invalid value for 'from.grow.depth'"
            ),
            (
                "depth: 2x, operator: stack", "depth: 2x, operator: interpolate",
                "test.yaml:9:54: error: invalid value for 'from.grow.operator': must be one of 'stack'"
            ),
            (
                "depth: 2x, operator: stack", "depth: 2x, width: 2x",
                "test.yaml:9:51: error: invalid value for 'from.grow.width': width growth is not supported"
            ),
            (
                "depth: 2x, operator: stack", "depth: 1",
                "test.yaml:9:32: error: invalid value for 'from.grow.depth': 1 layers is shallower"
            ),
            (
                "grow: {depth: 2x, operator: stack}", "grow: {depth: 2x}, optimizer: true",
                "test.yaml:9:32: error: a grown model starts afresh"
            ),
        ])
    func badGrow(original: String, replacement: String, expected: String) throws {
        let error = try #require(planError(Self.growth.replacingOccurrences(of: original, with: replacement)))
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test(
        "norm, norm_mix_fraction and log_layer_grad_norms reach the configuration; bad values are errors at their place"
    )
    func normSettings() throws {
        let planned = try plan(
            tinyBase.replacingOccurrences(
                of: "  lr: 0.001\n",
                with: "  lr: 0.001\n  norm: mix\n  norm_mix_fraction: 0.5\n  log_layer_grad_norms: true\n"))
        guard case .builtin(let config) = planned.runs[0].trainer else {
            Issue.record("expected a built-in run")
            return
        }
        #expect(config.norm == .mix && config.normMixFraction == 0.5 && config.logLayerGradNorms)
        let swept = try plan(tinyBase + "grid: {norm: [pre, post, mix, peri]}\n")
        let norms = swept.runs.compactMap { run -> NormPlacement? in
            guard case .builtin(let config) = run.trainer else { return nil }
            return config.norm
        }
        #expect(norms == [.pre, .post, .mix, .peri])

        let badNorm = try #require(
            planError(tinyBase.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n  norm: prei\n")))
        #expect(
            badNorm.description.hasSuffix(
                "test.yaml:10:9: error: invalid value for 'norm': must be one of 'pre', 'post', 'mix', 'peri', found prei"
            ),
            "\(badNorm)")
        let badFraction = try #require(
            planError(tinyBase.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n  norm_mix_fraction: 2\n"))
        )
        #expect(
            badFraction.description.contains("test.yaml:10:22: error: invalid value for 'norm_mix_fraction'"),
            "\(badFraction)")
        let badFlag = try #require(
            planError(
                tinyBase.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n  log_layer_grad_norms: 3\n")))
        #expect(
            badFlag.description.contains("test.yaml:10:25: error: invalid value for 'log_layer_grad_norms'"),
            "\(badFlag)")
    }

    @Test(
        "sweeps/growth.yaml compares at equal total FLOPs: a small run plus its grown run cost what a scratch run costs"
    )
    func exampleSweepHasEqualCompute() throws {
        let path = SweepFilesTests.folder.appendingPathComponent("growth.yaml").path
        let planned = try SweepPlan(spec: SweepSpec(contentsOf: path))
        let small = planned.runs.filter { $0.stage == "small" }
        let grown = planned.runs.filter { $0.stage == "grown" }
        let scratch = planned.runs.filter { $0.stage == "scratch" }
        #expect(small.count == 2 && grown.count == 2 && scratch.count == 2)
        for (parent, child) in zip(small, grown) {
            #expect(child.parent?.runID == parent.id)
            let total = parent.compute.flops + child.compute.flops
            // within one step of the deep model
            let step = scratch[0].compute.flops / Double(scratch[0].steps)
            #expect(abs(total - scratch[0].compute.flops) <= step, "\(total) vs \(scratch[0].compute.flops)")
        }
    }
}
