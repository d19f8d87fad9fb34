import Testing

@testable import KilnReport

@Suite struct NumberFormattingTests {
    @Test("significant digits: %g in the middle range, short exponents outside it")
    func significant() {
        #expect(NumberFormatting.significant(2.5) == "2.5")
        #expect(NumberFormatting.significant(3.14159, digits: 3) == "3.14")
        #expect(NumberFormatting.significant(1e18, digits: 3) == "1e18")
        #expect(NumberFormatting.significant(3.149e16, digits: 3) == "3.15e16")
        #expect(NumberFormatting.significant(1e-5) == "1e-5")
        #expect(NumberFormatting.significant(.nan) == "NaN")
    }

    @Test("counts get SI suffixes, durations hours-minutes-seconds, plain numbers no needless decimals")
    func countsDurationsPlain() {
        #expect(NumberFormatting.count(2.5e9) == "2.5B")
        #expect(NumberFormatting.count(124_000_000) == "124M")
        #expect(NumberFormatting.count(999) == "999")
        #expect(NumberFormatting.duration(3725) == "1h02m")
        #expect(NumberFormatting.duration(245) == "4m05s")
        #expect(NumberFormatting.duration(12.34) == "12.3s")
        #expect(NumberFormatting.plain(1000) == "1000")
        #expect(NumberFormatting.plain(0.001) == "0.001")
        #expect(ParameterValue.number(4096).description == "4096")
    }

    @Test(
        "SVG coordinates have at most one decimal and no trailing .0",
        arguments: [
            (12.34, "12.3"), (7.0, "7"), (-12.36, "-12.4"), (0.04, "0"), (959.95, "960"), (0.05, "0.1"),
        ])
    func coordinates(value: Double, text: String) {
        var bytes: [UInt8] = []
        NumberFormatting.appendCoordinate(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == text)
    }
}
