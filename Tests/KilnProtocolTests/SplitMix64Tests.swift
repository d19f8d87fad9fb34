import KilnProtocol
import Testing

/// The package's one SplitMix64: the planner's `random:` axes, the training core and the fits'
/// bootstraps all draw from it, so its stream must match the reference implementation.
@Suite struct SplitMix64Tests {
    @Test("seed 0 gives the reference stream of Steele, Lea & Flood's SplitMix64")
    func referenceStream() {
        var generator = SplitMix64(seed: 0)
        #expect(
            [generator.next(), generator.next(), generator.next()] == [
                0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f,
            ])
    }

    @Test("it is a RandomNumberGenerator, so the standard library's random(in:using:) draws from it")
    func drivesTheStandardLibrary() {
        var generator = SplitMix64(seed: 0)
        var reference = SplitMix64(seed: 0)
        let drawn = UInt64.random(in: 0...UInt64.max, using: &generator)
        #expect(drawn == reference.next())
    }
}
