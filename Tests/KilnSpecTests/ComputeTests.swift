import KilnProtocol
import Foundation
import Testing
@testable import KilnSpec

@Suite struct ComputeTests {
    @Test("the parameter count matches a tensor-by-tensor enumeration")
    func parameterCount() {
        let (v, t, w, l) = (256, 64, 48, 3)
        let block = [
            w, w,  // ln1 gain, bias
            w * 3 * w, 3 * w,  // fused qkv weight, bias
            w * w, w,  // attention output projection
            w, w,  // ln2
            w * 4 * w, 4 * w,  // mlp up
            4 * w * w, w,  // mlp down
        ].reduce(0, +)
        let total = v * w + t * w + l * block + 2 * w
        let shape = ModelShape(layers: l, width: w, heads: 4, context: t)
        #expect(shape.parameters == total)
        #expect(shape.computeParameters == total - t * w)
    }

    @Test("FLOPs per token are 6N plus 6·L·T·W attention")
    func flops() {
        let shape = ModelShape(layers: 2, width: 64, heads: 2, context: 64)
        #expect(shape.computeParameters == 116_480)
        #expect(shape.flopsPerToken == 6 * 116_480 + 6 * 2 * 64 * 64)
        #expect(shape.trainingFLOPs(tokens: 1000) == 1000 * shape.flopsPerToken)
    }

    @Test("a run's tokens are steps × batch × accumulation × context")
    func tokens() throws {
        let run = try #require(
            try plan(tinyBase.replacingOccurrences(of: "batch: 16", with: "batch: 16\n  accumulation: 3")).runs.first)
        #expect(run.compute.tokens == 100 * 16 * 3 * 64)
        #expect(
            run.compute.flops
                == ModelShape(layers: 2, width: 64, heads: 2, context: 64).trainingFLOPs(tokens: run.compute.tokens))
    }

    @Test("isoflop: every run of a budget spends the budget; too-short pairs are skipped with a note")
    func isoflop() throws {
        let plan = try plan(
            """
            name: iso
            base: {context: 64, batch: 8, lr: 0.001}
            data: prose
            schedule: {kind: cosine, warmup: 0.05}
            isoflop:
              budgets: [1e11, 4e11]
              shapes:
                - {layers: 1, width: 32, heads: 2}
                - {layers: 2, width: 64, heads: 2}
                - {layers: 8, width: 256, heads: 4}
              min_steps: 20
            """)
        #expect(plan.runs.count == 5)
        #expect(plan.notes.count == 1 && plan.notes[0].contains("layers=8 width=256"))
        for run in plan.runs {
            let budget = try #require(run.params["budget"]?.number)
            let perStep =
                ModelShape(
                    layers: run.params["layers"]!.integer!, width: run.params["width"]!.integer!, heads: 2, context: 64
                )
                .flopsPerToken * 8 * 64
            #expect(abs(run.compute.flops - budget) <= perStep / 2 + 1)  // within half a step of rounding
            #expect(run.params["schedule"]?.value(at: ["total"]) == .int(run.steps))
        }
    }
}
