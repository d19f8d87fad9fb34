import KilnProtocol
import KilnStore
import Testing

struct MetricOverviewTests {
    /// A noisy decaying curve with uneven step gaps, spikes and a few NaNs; `count` points.
    static func curve(_ count: Int, seed: UInt64, firstStep: Int = 0) -> [(step: Int, value: Double)] {
        var random = SplitMix64(seed: seed)
        var step = firstStep
        return (0..<count).map { index in
            step += 1 + random.next(below: 20)
            var value = 2 + 3 / Double(index + 1).squareRoot() + 0.05 * random.nextUniform()
            if random.next(below: 97) == 0 { value *= 4 }
            if random.next(below: 501) == 0 { value = .nan }
            return (step, value)
        }
    }

    /// M4 of `series` cut at multiples of the smallest power-of-two width that gives at most `buckets` ranges.
    static func reference(_ series: [(step: Int, value: Double)], buckets: Int) -> [Int] {
        var width = 1
        while series.last!.step / width - series.first!.step / width >= buckets { width *= 2 }
        var kept: [Int] = []
        for range in Dictionary(grouping: series, by: { $0.step / width }).sorted(by: { $0.key < $1.key }) {
            let points = range.value.sorted { $0.step < $1.step }
            let finite = points.filter(\.value.isFinite)
            let extremes = [finite.min { $0.value < $1.value }, finite.max { $0.value < $1.value }].compactMap { $0 }
            kept += Set([points.first!.step, points.last!.step] + extremes.map(\.step)).sorted()
        }
        return kept
    }

    @Test(arguments: [401, 2_000, 50_000])
    func aLongSeriesKeepsExactlyTheFirstLastLowestAndHighestOfEachRange(count: Int) {
        let series = Self.curve(count, seed: UInt64(count))
        let overview = MetricOverview(series)
        #expect(overview.points == count)
        #expect(overview.isSummary)
        #expect(overview.steps.count <= 4 * MetricOverview.buckets)
        #expect(overview.steps == Self.reference(series, buckets: MetricOverview.buckets))
        let values = Dictionary(uniqueKeysWithValues: series.map { ($0.step, $0.value) })
        for (step, value) in zip(overview.steps, overview.values) {
            #expect(values[step] == value || (value.isNaN && values[step]!.isNaN))
        }
        #expect(overview.steps.last == series.last?.step)
        let finite = series.filter(\.value.isFinite).map(\.value)
        #expect(overview.values.contains(finite.max()!))
        #expect(overview.values.contains(finite.min()!))
    }

    @Test
    func aShortSeriesIsKeptWhole() {
        let series = Self.curve(400, seed: 3)
        let overview = MetricOverview(series)
        #expect(!overview.isSummary)
        #expect(overview.steps == series.map(\.step))
        #expect(zip(overview.values, series.map(\.value)).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }

    @Test
    func aRunThatEndsInNaNEndsInNaN() {
        var series = Self.curve(3_000, seed: 9)
        series.append((series.last!.step + 1, .nan))
        let overview = MetricOverview(series)
        #expect(overview.values.last?.isNaN == true)
        #expect(overview.values.dropLast().contains { $0.isFinite })
    }

    @Test
    func buildingPointByPointIgnoresRepeatedAndEarlierSteps() {
        let series = Self.curve(5_000, seed: 11, firstStep: 1_000)
        var builder = MetricOverview.Builder()
        for (index, point) in series.enumerated() {
            builder.append(step: point.step, value: point.value)
            if index % 7 == 0 { builder.append(step: point.step, value: -1e9) }
            if index % 11 == 0 { builder.append(step: point.step - 1, value: 1e9) }
        }
        let whole = MetricOverview(series)
        #expect(builder.overview.steps == whole.steps)
        #expect(builder.overview.values.map(\.bitPattern) == whole.values.map(\.bitPattern))
        #expect(builder.overview.points == series.count)
        #expect(builder.lastStep == series.last?.step)
    }
}
