import Testing

@testable import KilnReport

@Suite struct LargestTriangleThreeBucketsTests {
    @Test("a series shorter than the threshold, or a threshold under 3, comes back unchanged")
    func unchanged() {
        let points = (0..<10).map { PlotPoint(x: Double($0), y: Double($0 * $0)) }
        #expect(LargestTriangleThreeBuckets.downsample(points, threshold: 10) == points)
        #expect(LargestTriangleThreeBuckets.downsample(points, threshold: 50) == points)
        #expect(LargestTriangleThreeBuckets.downsample(points, threshold: 2) == points)
    }

    @Test("matches the reference computed by hand: buckets {1,2} and {3,4} keep 2 and 3")
    func handComputedReference() {
        let ys: [Double] = [0, 1, 0, 5, 0, 0]
        let points = ys.enumerated().map { PlotPoint(x: Double($0.offset), y: $0.element) }
        let sampled = LargestTriangleThreeBuckets.downsample(points, threshold: 4)
        #expect(sampled.map(\.x) == [0, 2, 3, 5])
    }

    @Test("keeps exactly threshold points, the ends, increasing x, and an isolated spike")
    func shapeAndSpike() {
        var points = (0..<1000).map { PlotPoint(x: Double($0), y: 1) }
        points[537].y = 40
        let sampled = LargestTriangleThreeBuckets.downsample(points, threshold: 25)
        #expect(sampled.count == 25)
        #expect(sampled.first == points.first)
        #expect(sampled.last == points.last)
        #expect(zip(sampled, sampled.dropFirst()).allSatisfy { $0.x < $1.x })
        #expect(sampled.contains(PlotPoint(x: 537, y: 40)))
    }
}

@Suite struct AxisMappingTests {
    @Test("linear ticks step by 1, 2 or 5 × 10^k")
    func linearTicks() {
        func close(_ a: [Double], _ b: [Double]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
        }
        #expect(close(AxisMapping.linearTicks(low: 0, high: 1), [0, 0.2, 0.4, 0.6, 0.8, 1]))
        #expect(close(AxisMapping.linearTicks(low: 0, high: 10_000), [0, 2000, 4000, 6000, 8000, 10_000]))
        #expect(close(AxisMapping.linearTicks(low: 1.83, high: 4.41), [2, 2.5, 3, 3.5, 4]))
    }

    @Test("log ticks are decades over several decades, 1-2-5 over less")
    func logTicks() {
        let wide = AxisMapping(
            axis: Axis(label: "N", scale: .log, padded: false), values: [1, 1000], start: 0, end: 100)
        #expect(wide.tickValues() == [1, 10, 100, 1000])
        let narrow = AxisMapping(
            axis: Axis(label: "loss", scale: .log, padded: false), values: [2, 9], start: 0, end: 100)
        #expect(narrow.tickValues() == [2, 3, 4, 5, 6, 7, 8, 9])
        #expect(abs(wide.position(10) - 100.0 / 3) < 1e-9)
    }
}

@Suite struct HTMLTextTests {
    @Test("escapes the five HTML metacharacters and leaves other text alone")
    func escaping() {
        #expect(HTMLText.escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(HTMLText.escape("a \"b\" & 'c'") == "a &quot;b&quot; &amp; &#39;c&#39;")
        #expect(HTMLText.escape("val/wébé/loss") == "val/wébé/loss")
    }
}
